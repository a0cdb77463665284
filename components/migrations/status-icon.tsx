import { LineIcon } from "@/components/ui/line-icon";
import type { StatusIcon as StatusIconName } from "@/lib/migrations/status-catalogue";

const PATHS: Record<StatusIconName, string> = {
  circle: "M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11Z",
  spinner: "M8 2.5a5.5 5.5 0 1 0 5.5 5.5M8 2.5v2M13.5 8h-2",
  hand: "M5.5 8V3.8a1 1 0 0 1 2 0V7.5M7.5 7V3a1 1 0 0 1 2 0v4M9.5 7.2V4a1 1 0 0 1 2 0v5.5A4.5 4.5 0 0 1 7 14a4 4 0 0 1-3.4-2L2.4 9.6a1 1 0 0 1 1.7-1L5.5 10",
  check: "M3 8.5 6.5 12 13 4.5",
  cross: "M4 4l8 8M12 4l-8 8",
  "check-warning": "M2 8.5 5.5 12 10 6.5M13 3v5.5M13 11.5v.5",
  clock: "M8 2.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM8 5v3.2l2 1.3",
  door: "M3 2.5h6v11H3zM9 8h5M12 6l2 2-2 2",
  question: "M6 6a2 2 0 1 1 2.8 1.8C8.3 8 8 8.4 8 9v.5M8 12v.5",
};

export function StatusIcon({ name, className = "" }: { name: StatusIconName; className?: string }) {
  return <LineIcon d={PATHS[name]} className={`h-3.5 w-3.5 shrink-0 ${className}`} />;
}
