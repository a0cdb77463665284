import Link from "next/link";
import { LocalTime } from "@/components/migrations/local-time";
import { StatusBadge } from "@/components/migrations/status-badge";
import type { AlertTarget } from "@/lib/alerts/rule-catalogue";
import type { AlertView, DeliveryView } from "@/lib/alerts/view-types";

const TONES = {
  delivered:
    "bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:ring-emerald-700",
  sending: "bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-700",
  retrying: "bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700",
  gave_up: "bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-700",
} as const;

const LABELS = {
  delivered: "Delivered",
  sending: "Sending",
  retrying: "Not delivered, retrying",
  gave_up: "Not delivered, gave up",
} as const;

function tries(count: number): string {
  return `${count} ${count === 1 ? "attempt" : "attempts"}`;
}

/** One target's delivery of one alert: its state in words (never color alone), when, attempts and last error. */
function Delivery({ delivery, target }: { delivery: DeliveryView | undefined; target: AlertTarget }) {
  if (!delivery) return <span className="text-slate-600 dark:text-slate-400">not sent to this target</span>;
  return (
    <div data-testid={`delivery-${target}`} data-state={delivery.state} className="flex flex-col items-start gap-1">
      <span
        className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[delivery.state]}`}
      >
        {LABELS[delivery.state]}
      </span>
      <span className="text-xs text-slate-700 dark:text-slate-300">
        {delivery.state === "delivered" && delivery.at ? (
          <>
            <LocalTime iso={delivery.at} />
            {delivery.batchSize ? ` in a digest of ${delivery.batchSize}` : ""}
            {delivery.attempts > 1 ? `, ${tries(delivery.attempts)}` : ""}
          </>
        ) : null}
        {delivery.state === "sending" ? (
          delivery.at ? (
            <>
              due <LocalTime iso={delivery.at} />
            </>
          ) : (
            "due now"
          )
        ) : null}
        {delivery.state === "retrying" ? (
          <>
            {tries(delivery.attempts)}
            {delivery.at ? (
              <>
                ; next <LocalTime iso={delivery.at} />
              </>
            ) : null}
          </>
        ) : null}
        {delivery.state === "gave_up" ? tries(delivery.attempts) : null}
      </span>
      {delivery.lastError ? (
        <span data-testid={`delivery-${target}-error`} className="text-xs text-slate-700 dark:text-slate-300">
          Last error: {delivery.lastError}
        </span>
      ) : null}
    </div>
  );
}

const th = "px-3 py-2 text-left font-semibold";
const td = "px-3 py-2 align-top";

export function AlertsTable({
  alerts,
  total,
  targets,
}: {
  alerts: AlertView[];
  total: number;
  targets: Array<{ key: AlertTarget; label: string }>;
}) {
  if (alerts.length === 0) {
    return (
      <p data-testid="alerts-empty" className="text-sm text-slate-700 dark:text-slate-300">
        No alert has fired yet.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-700">
      <table data-testid="alerts-table" className="min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-700">
        <caption className="sr-only">
          Alerts fired, newest first{total > alerts.length ? ` (the latest ${alerts.length} of ${total})` : ""}
        </caption>
        <thead className="bg-slate-50 text-slate-800 dark:bg-slate-800 dark:text-slate-100">
          <tr>
            <th scope="col" className={th}>
              Fired
            </th>
            <th scope="col" className={th}>
              Rule
            </th>
            <th scope="col" className={th}>
              Migration
            </th>
            <th scope="col" className={th}>
              Company
            </th>
            {targets.map((target) => (
              <th key={target.key} scope="col" className={th}>
                {target.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 bg-white dark:divide-slate-700 dark:bg-slate-900">
          {alerts.map((alert) => (
            <tr key={alert.id} data-testid="alert-row" data-migration-id={alert.migrationId}>
              <td className={td}>
                <LocalTime iso={alert.firedAt} />
              </td>
              <td className={td}>
                <div className="flex flex-col items-start gap-1">
                  <span className="font-medium">{alert.rule}</span>
                  <StatusBadge status={alert.status} />
                  <span className="text-xs text-slate-700 dark:text-slate-300">{alert.what}</span>
                  {alert.reason ? (
                    <span className="text-xs text-slate-700 dark:text-slate-300">Reason: {alert.reason}</span>
                  ) : null}
                </div>
              </td>
              <td className={td}>
                <Link
                  href={`/migrations/${encodeURIComponent(alert.migrationId)}`}
                  className="font-mono text-xs text-blue-700 underline hover:no-underline dark:text-blue-300"
                >
                  {alert.migrationId}
                </Link>
              </td>
              <td className={td}>
                {alert.companyId === null ? (
                  <span className="text-slate-600 dark:text-slate-400">no company</span>
                ) : alert.companyName ? (
                  <span title={`Company id ${alert.companyId}`}>
                    {alert.companyName} <span className="font-mono text-xs">({alert.companyId})</span>
                  </span>
                ) : (
                  alert.companyId
                )}
              </td>
              {targets.map((target) => (
                <td key={target.key} className={td}>
                  <Delivery delivery={alert.deliveries[target.key]} target={target.key} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {total > alerts.length ? (
        <p className="border-t border-slate-200 px-3 py-2 text-xs text-slate-700 dark:border-slate-700 dark:text-slate-300">
          Showing the latest {alerts.length} of {total.toLocaleString("en-US")} alerts.
        </p>
      ) : null}
    </div>
  );
}
