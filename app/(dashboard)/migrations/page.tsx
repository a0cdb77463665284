import type { Metadata } from "next";
import Link from "next/link";
import { requireSession } from "@/lib/auth";
import { toBffError } from "@/lib/bff/error-response";
import { listMigrationView } from "@/lib/bff/list-view";
import { upstreamAccess } from "@/lib/bff/upstream-access";
import { InvalidListParamError, parseMigrationListParams } from "@/lib/migrations/list-params";

export const metadata: Metadata = { title: "Migrations" };

function toSearchParams(raw: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  return params;
}

// A plain server-rendered list: the full dashboard (filters, live refresh, table) replaces it.
export default async function MigrationsPage({ searchParams }: PageProps<"/migrations">) {
  const query = toSearchParams(await searchParams);
  const search = query.toString();
  await requireSession(`/migrations${search ? `?${search}` : ""}`);

  let content: React.ReactNode;
  try {
    const params = parseMigrationListParams(query);
    const view = await listMigrationView(upstreamAccess(), params);
    content = (
      <>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {view.total.toLocaleString("en-US")} migrations · page {view.page}
        </p>
        <table className="mt-4 w-full text-left text-sm">
          <thead>
            <tr className="border-b border-slate-200 dark:border-slate-700">
              <th className="py-2">Status</th>
              <th>ID</th>
              <th>Created (UTC)</th>
              <th>Company</th>
              <th>Created by</th>
            </tr>
          </thead>
          <tbody>
            {view.data.map((migration) => (
              <tr key={migration.id} className="border-b border-slate-100 dark:border-slate-800">
                <td className="py-2">{migration.status}</td>
                <td>
                  <Link
                    className="font-mono text-blue-700 underline dark:text-blue-300"
                    href={`/migrations/${migration.id}`}
                  >
                    {migration.id}
                  </Link>
                </td>
                <td>{migration.created}</td>
                <td>{migration.companyId ?? "no company"}</td>
                <td className="font-mono">{migration.createdByUserId}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </>
    );
  } catch (error) {
    const message = error instanceof InvalidListParamError ? error.message : toBffError(error).message;
    content = (
      <p data-testid="list-error" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800">
        {message}
      </p>
    );
  }

  return (
    <section>
      <h1 className="text-2xl font-semibold tracking-tight">Migrations</h1>
      {content}
    </section>
  );
}
