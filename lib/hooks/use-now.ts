"use client";

import { useEffect, useState, useSyncExternalStore } from "react";

const subscribeNever = () => () => {};

/**
 * False while hydrating, true after: text that depends on the viewer (their time zone, the
 * current time) is rendered only once in the browser, so server and client HTML agree.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/** The current time, refreshed every `intervalMs` (for relative times and ages). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
