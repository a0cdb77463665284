import type { Metadata } from "next";
import { AlertsSetup } from "@/components/alerts/alerts-setup";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { RefreshEvery } from "@/components/alerts/refresh-every";
import { alertsPageView } from "@/lib/alerts/alerts-view";
import { readAlertsSetup } from "@/lib/alerts/config";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";

export const metadata: Metadata = { title: "Alerts" };

/** What fired, when, and whether each target got it; or how to set alerts up. It never sends anything itself. */
export default async function AlertsPage() {
  await requireSession("/alerts");
  const view = await alertsPageView(await mirrorDatabase(), readAlertsSetup());
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold tracking-tight">Alerts</h1>
      <AlertsSetup setup={view.setup} ruleHelp={view.ruleHelp} />
      <section aria-labelledby="alerts-fired-heading" className="flex flex-col gap-3">
        <h2 id="alerts-fired-heading" className="text-lg font-semibold">
          Fired alerts
        </h2>
        <AlertsTable alerts={view.alerts} total={view.total} targets={view.targets} />
      </section>
      <RefreshEvery ms={5_000} />
    </div>
  );
}
