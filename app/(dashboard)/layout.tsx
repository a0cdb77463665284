import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { AppProviders } from "@/components/providers/app-providers";
import { LiveUpdatesProvider } from "@/components/providers/live-updates";
import { requireSession } from "@/lib/auth";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <AppProviders>
      <LiveUpdatesProvider>
        <div className="min-h-screen">
          <AppHeader user={session.user ?? {}} />
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </div>
      </LiveUpdatesProvider>
    </AppProviders>
  );
}
