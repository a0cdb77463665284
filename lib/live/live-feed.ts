import "server-only";
import { appDatabase } from "@/lib/db/connection";
import { errorFields, log } from "@/lib/logging/log";
import { mirrorVersion } from "@/lib/mirror/mirror-version";
import { onMirrorWrite } from "@/lib/mirror/write-signal";
import { ChangeFeed } from "./change-feed";

/** How often the feed looks for writes by other instances; a write by this one is seen at once. */
export const LIVE_POLL_MS = 400;
const LIVE_MIN_GAP_MS = 100;

const registry = globalThis as typeof globalThis & { __liveFeed?: ChangeFeed };

/** This process's one change feed over the app database (see ChangeFeed). */
export function liveFeed(): ChangeFeed {
  if (!registry.__liveFeed) {
    const feed = new ChangeFeed({
      readVersion: async () => mirrorVersion((await appDatabase()).db),
      pollMs: LIVE_POLL_MS,
      minGapMs: LIVE_MIN_GAP_MS,
      onError: (error) => log("warn", "live_feed_read_failed", errorFields(error)),
    });
    onMirrorWrite(() => feed.nudge());
    registry.__liveFeed = feed;
  }
  return registry.__liveFeed;
}
