import { statusInfo, TONE_CLASSES } from "@/lib/migrations/status-catalogue";
import { StatusIcon } from "./status-icon";

/** Text + icon + color: never color alone. Unknown statuses show exactly as the API sent them. */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  const info = statusInfo(status);
  return (
    <span
      data-testid="status-badge"
      data-status={status}
      title={title ?? info.description}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLASSES[info.tone]}`}
    >
      <StatusIcon name={info.icon} />
      {info.label}
    </span>
  );
}
