"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";

export interface LiveUpdates {
  /** Whether the server's change stream is connected: views may then poll slowly. */
  streaming: boolean;
  /** Counts the changes the stream has announced in this tab; views refetch when it moves. */
  changes: number;
}

const LiveUpdatesContext = createContext<LiveUpdates>({ streaming: false, changes: 0 });

/** A reconnect this quick (the server ends each stream after a minute) does not count as a drop. */
const DROP_GRACE_MS = 3_000;
/** After the server refused the stream (e.g. signed out), the next attempt. */
const REOPEN_AFTER_MS = 30_000;

/**
 * One server-sent event stream per tab (GET /api/events), telling the views when the mirror
 * changed. While it is down the views fall back to polling at their usual pace.
 */
export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveUpdates>({ streaming: false, changes: 0 });

  useEffect(() => {
    let source: EventSource | undefined;
    let dropTimer: ReturnType<typeof setTimeout> | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    const connected = () => {
      clearTimeout(dropTimer);
      dropTimer = undefined;
      setState((current) => (current.streaming ? current : { ...current, streaming: true }));
    };
    const dropped = () => setState((current) => (current.streaming ? { ...current, streaming: false } : current));
    const open = () => {
      source = new EventSource("/api/events");
      source.addEventListener("ready", connected);
      source.addEventListener("mirror", () => {
        connected();
        setState((current) => ({ streaming: true, changes: current.changes + 1 }));
      });
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
    };
  }, []);

  return <LiveUpdatesContext.Provider value={state}>{children}</LiveUpdatesContext.Provider>;
}

export function useLiveUpdates(): LiveUpdates {
  return useContext(LiveUpdatesContext);
}
