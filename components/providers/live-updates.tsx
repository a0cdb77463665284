"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { isSyncFreshness, type PushedFreshness } from "@/lib/live/newest-freshness";

export interface LiveUpdates {
  /** Whether the server's change stream is connected: views then poll slowly (a safety net). */
  streaming: boolean;
  /** Counts the changes the stream has announced in this tab; views refetch when it moves. */
  changes: number;
  /** The sync's freshness as last pushed (see newestFreshness). */
  freshness?: PushedFreshness;
}

const LiveUpdatesContext = createContext<LiveUpdates>({ streaming: false, changes: 0 });

/** A reconnect this quick (the server ends each stream after a minute) does not count as a drop. */
const DROP_GRACE_MS = 3_000;
/** After the server refused the stream (e.g. signed out), the next attempt. */
const REOPEN_AFTER_MS = 30_000;
/**
 * Views refetch at most this often on announced changes: the first change of a quiet spell at once,
 * a burst (a first read writes several pages a second) once more at the end of this gap.
 */
const REFETCH_GAP_MS = 500;

/**
 * One server-sent event stream per tab (GET /api/events), telling the views when the mirror
 * changed and how current the sync is. While it is down the views fall back to polling at their
 * usual pace.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveUpdates>({ streaming: false, changes: 0 });

  useEffect(() => {
    let source: EventSource | undefined;
    let dropTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let burstTimer: ReturnType<typeof setTimeout> | undefined;
    let lastAnnouncedMs = Number.NEGATIVE_INFINITY;
    const connected = () => {
      clearTimeout(dropTimer);
      dropTimer = undefined;
      setState((current) => (current.streaming ? current : { ...current, streaming: true }));
    };
    const dropped = () => setState((current) => (current.streaming ? { ...current, streaming: false } : current));
    const announce = () => {
      burstTimer = undefined;
      lastAnnouncedMs = Date.now();
      setState((current) => ({ ...current, streaming: true, changes: current.changes + 1 }));
    };
    const changed = () => {
      connected();
      if (burstTimer !== undefined) return;
      const wait = lastAnnouncedMs + REFETCH_GAP_MS - Date.now();
      if (wait <= 0) announce();
      else burstTimer = setTimeout(announce, wait);
    };
    const synced = (event: MessageEvent<string>) => {
      connected();
      let value: unknown;
      try {
        value = JSON.parse(event.data);
      } catch {
        return;
      }
      if (!isSyncFreshness(value)) return;
      setState((current) => ({ ...current, freshness: { value, receivedMs: Date.now() } }));
    };
    const open = () => {
      source = new EventSource("/api/events");
      source.addEventListener("ready", connected);
      source.addEventListener("mirror", changed);
      source.addEventListener("sync", synced);
      source.addEventListener("error", () => {
        if (source?.readyState === EventSource.CLOSED) {
          // The browser gives up on an answer that is not a stream (a 401 after sign-out): try later.
          dropped();
          source.close();
          reopenTimer = setTimeout(open, REOPEN_AFTER_MS);
          return;
        }
        dropTimer ??= setTimeout(dropped, DROP_GRACE_MS);
      });
    };
    open();
    return () => {
      source?.close();
      clearTimeout(dropTimer);
      clearTimeout(reopenTimer);
      clearTimeout(burstTimer);
    };
  }, []);

  return <LiveUpdatesContext.Provider value={state}>{children}</LiveUpdatesContext.Provider>;
}

export function useLiveUpdates(): LiveUpdates {
  return useContext(LiveUpdatesContext);
}
