"use client";

import { useHydrated } from "@/lib/hooks/use-now";
import { formatLocal, formatUtc } from "@/lib/migrations/format-time";

/**
 * A moment in the viewer's zone with UTC on hover, like the created times. The server does not know
 * the viewer's zone, so its HTML holds the UTC value until hydration.
 */
export function LocalTime({ iso, testId }: { iso: string; testId?: string }) {
  const hydrated = useHydrated();
  const utc = formatUtc(iso);
  return (
    <time dateTime={iso} title={utc} data-testid={testId} className="whitespace-nowrap">
      {hydrated ? formatLocal(iso) : utc}
    </time>
  );
}
