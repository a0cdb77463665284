import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MigrationDetail } from "@/components/migrations/migration-detail";
import { requireSession } from "@/lib/auth";
import { BffError } from "@/lib/bff/bff-error";
import { migrationDetailView } from "@/lib/bff/detail-view";
import { detailSources } from "@/lib/bff/mirror-access";
import { migrationKeys } from "@/lib/migrations/bff-client";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { UpstreamError } from "@/lib/upstream/errors";

export const metadata: Metadata = { title: "Migration" };

export default async function MigrationPage({ params }: PageProps<"/migrations/[id]">) {
  const { id } = await params;
  await requireSession(`/migrations/${encodeURIComponent(id)}`);
  // A malformed id never reaches the upstream; it and an unknown id are a real 404 page.
  if (!isMigrationId(id)) notFound();

  const queryClient = new QueryClient();
  try {
    const view = await migrationDetailView(await detailSources(), id);
    queryClient.setQueryData(migrationKeys.detail(id), view);
  } catch (error) {
    if (
      (error instanceof UpstreamError && error.kind === "not_found") ||
      (error instanceof BffError && error.status === 404)
    ) {
      notFound();
    }
    // Other upstream trouble: the client fetches again and shows the specific error.
  }

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MigrationDetail id={id} />
    </HydrationBoundary>
  );
}
