import { expect } from "@playwright/test";

/** What GET /api/health says about the sync (the fields the tests read). */
export interface HealthSync {
  state: "starting" | "backfilling" | "current" | "failing";
  partial: boolean;
  synced_at: string | null;
  progress?: { rows_read: number; estimated_total?: number; rate_per_second?: number; eta_seconds?: number };
  last_error?: { message: string; at: string };
  leader_active: boolean;
  completed_walks: number;
  consecutive_failures: number;
}

export async function healthSync(baseURL: string): Promise<HealthSync> {
  const response = await fetch(`${baseURL}/api/health`, { cache: "no-store" });
  const body = (await response.json()) as { sync: HealthSync };
  return body.sync;
}

/**
 * Waits until the server's mirror has finished its first full read and is current. A server starts
 * with an empty mirror: until then its lists and counts are partial, and tests comparing them with
 * the upstream would race the sync.
 */
export async function waitForCurrentMirror(baseURL: string, timeout = 90_000): Promise<void> {
  await expect
    .poll(
      async () => {
        try {
          const sync = await healthSync(baseURL);
          return `${sync.state}${sync.partial ? ", partial" : ""}`;
        } catch (error) {
          return `no answer: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
      { message: `the mirror of ${baseURL} is current`, timeout, intervals: [250, 500, 1000] },
    )
    .toBe("current");
}
