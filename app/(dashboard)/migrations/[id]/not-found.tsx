import { NotFoundMessage } from "@/components/layout/not-found-message";

/** Inside the dashboard (which already has the page's <main>): a section, not a second <main>. */
export default function MigrationNotFound() {
  return (
    <section className="mx-auto flex min-h-[50vh] max-w-lg flex-col items-center justify-center gap-3 text-center">
      <NotFoundMessage />
    </section>
  );
}
