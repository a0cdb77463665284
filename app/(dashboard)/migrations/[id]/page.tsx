import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireSession } from "@/lib/auth";
import { migrationDetailView } from "@/lib/bff/detail-view";
import { toBffError } from "@/lib/bff/error-response";
import { upstreamAccess } from "@/lib/bff/upstream-access";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { UpstreamError } from "@/lib/upstream/errors";

export const metadata: Metadata = { title: "Migration" };

// A plain server-rendered detail: the full detail page (live status, copy actions) replaces it.
export default async function MigrationPage({ params }: PageProps<"/migrations/[id]">) {
  const { id } = await params;
  await requireSession(`/migrations/${encodeURIComponent(id)}`);
  if (!isMigrationId(id)) notFound();

  let view: Awaited<ReturnType<typeof migrationDetailView>>;
  try {
    view = await migrationDetailView(upstreamAccess(), id);
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === "not_found") notFound();
    return (
      <p data-testid="detail-error" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800">
        {toBffError(error).message}
      </p>
    );
  }
  const migration = view.data;
  return (
    <section>
      <h1 className="text-2xl font-semibold tracking-tight">Migration</h1>
      <dl className="mt-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="font-medium">ID</dt>
        <dd data-testid="migration-id" className="font-mono">
          {migration.id}
        </dd>
        <dt className="font-medium">Status</dt>
        <dd>{migration.status}</dd>
        <dt className="font-medium">Created (UTC)</dt>
        <dd>{migration.created}</dd>
        <dt className="font-medium">Company</dt>
        <dd>{migration.companyId ?? "no company"}</dd>
        <dt className="font-medium">Created by</dt>
        <dd className="font-mono">{migration.createdByUserId}</dd>
      </dl>
    </section>
  );
}
