import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import type { Metadata } from "next";
import { MigrationsList } from "@/components/migrations/migrations-list";
import { requireSession } from "@/lib/auth";
import { listMigrationView } from "@/lib/bff/list-view";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { migrationKeys } from "@/lib/migrations/bff-client";
import { loadMigrationListState, serializeMigrationListState, toListParams } from "@/lib/migrations/url-state";

export const metadata: Metadata = { title: "Migrations" };

export default async function MigrationsPage({ searchParams }: PageProps<"/migrations">) {
  const state = loadMigrationListState(await searchParams);
  await requireSession(serializeMigrationListState("/migrations", state));
  const params = toListParams(state);

  // The first page is rendered with data: the browser gets rows in the HTML, not after a fetch.
  // If the database fails here, nothing is prefetched and the client shows the specific error.
  const queryClient = new QueryClient();
  await queryClient.prefetchQuery({
    queryKey: migrationKeys.list(params),
    queryFn: async () => {
      const view = await listMigrationView(await mirrorDatabase(), params);
      // The counts come in a null-prototype object (a status may be named `__proto__`), which React
      // cannot send to the browser; a copy made by fromEntries keeps such a key as an own property.
      return { ...view, counts: Object.fromEntries(Object.entries(view.counts)) };
    },
  });

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <MigrationsList />
    </HydrationBoundary>
  );
}
