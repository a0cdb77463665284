"use client";

import { useSyncExternalStore } from "react";

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

export interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setInterval>;
  /** One stable function per clock: a new one per render would make React re-subscribe every render. */
  subscribe: (listener: () => void) => () => void;
  read: () => number;
}

// One shared timer per interval: only the components showing a time re-render when it ticks.
const clocks = new Map<number, Clock>();

export function clockFor(intervalMs: number): Clock {
  const existing = clocks.get(intervalMs);
  if (existing) return existing;
  const clock: Clock = {
    now: Date.now(),
    listeners: new Set(),
    subscribe: (listener) => {
      clock.listeners.add(listener);
      if (!clock.timer) {
        // An idle clock may be old; a fresh start reads the time again (once per mount, not per render).
        clock.now = Date.now();
        clock.timer = setInterval(() => {
          clock.now = Date.now();
          for (const notify of clock.listeners) notify();
        }, intervalMs);
      }
      return () => {
        clock.listeners.delete(listener);
        if (clock.listeners.size === 0 && clock.timer) {
          clearInterval(clock.timer);
          clock.timer = undefined;
        }
      };
    },
    read: () => clock.now,
  };
  clocks.set(intervalMs, clock);
  return clock;
}

const serverNow = () => 0;

/**
 * The current time, refreshed every `intervalMs`; 0 while hydrating (pair it with useHydrated).
 */
export function useNow(intervalMs = 1000): number {
  const clock = clockFor(intervalMs);
  return useSyncExternalStore(clock.subscribe, clock.read, serverNow);
}
