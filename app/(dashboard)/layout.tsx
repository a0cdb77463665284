import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { AppProviders } from "@/components/providers/app-providers";
import { LiveUpdatesProvider } from "@/components/providers/live-updates";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { viewOwner } from "@/lib/saved-views/owner";
import { listSavedViews } from "@/lib/saved-views/store";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  const owner = viewOwner(session);
  const views = owner ? await listSavedViews(await mirrorDatabase(), owner) : [];
  return (
    <AppProviders>
      <LiveUpdatesProvider>
        <div className="min-h-screen">
          <AppHeader user={session.user ?? {}} views={views} />
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </div>
      </LiveUpdatesProvider>
    </AppProviders>
  );
}
