import "server-only";
import { appDatabase } from "@/lib/db/connection";
import { errorFields, log } from "@/lib/logging/log";
import { mirrorVersion } from "@/lib/mirror/mirror-version";
import { onMirrorWrite } from "@/lib/mirror/write-signal";
import { readFreshness } from "@/lib/sync/freshness";
import { ChangeFeed } from "./change-feed";
import { type LiveState, sameLiveState } from "./live-state";

/** How often the feed looks for writes by other instances; a write by this one is seen at once. */
export const LIVE_POLL_MS = 400;
const LIVE_MIN_GAP_MS = 100;

const registry = globalThis as typeof globalThis & { __liveFeed?: ChangeFeed<LiveState> };

/** This process's one change feed over the app database (see ChangeFeed). */
export function liveFeed(): ChangeFeed<LiveState> {
  if (!registry.__liveFeed) {
    const feed = new ChangeFeed<LiveState>({
      read: async () => {
        const { db } = await appDatabase();
        // Freshness is read at every look too: "failing" can begin with no write at all (no success for too long).
        const [version, freshness] = await Promise.all([mirrorVersion(db), readFreshness(db)]);
        return { version, freshness };
      },
      same: sameLiveState,
      pollMs: LIVE_POLL_MS,
      minGapMs: LIVE_MIN_GAP_MS,
      onError: (error) => log("warn", "live_feed_read_failed", errorFields(error)),
    });
    onMirrorWrite(() => feed.nudge());
    registry.__liveFeed = feed;
  }
  return registry.__liveFeed;
}
