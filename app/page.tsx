export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Migration Console</h1>
      <p className="mt-4 text-slate-700">
        The dashboard is on its way. The embedded Migrations API is live: its contract is at{" "}
        <a className="font-medium text-brand underline" href="/api/v1/openapi.json">
          /api/v1/openapi.json
        </a>
        .
      </p>
    </main>
  );
}
