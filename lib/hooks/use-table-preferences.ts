"use client";

import { useCallback, useEffect, useSyncExternalStore } from "react";
import {
  applyTablePreferencesToDocument,
  DEFAULT_TABLE_PREFERENCES,
  readTablePreferences,
  TABLE_PREFERENCES_KEY,
  type TablePreferences,
} from "@/lib/migrations/table-preferences";

const listeners = new Set<() => void>();
// One parsed object per stored string: useSyncExternalStore needs the same snapshot until it changes.
let cached: { raw: string | null; value: TablePreferences } | undefined;

function readStored(): string | null {
  try {
    return localStorage.getItem(TABLE_PREFERENCES_KEY);
  } catch {
    // Storage refused (privacy mode, a sandboxed frame): the defaults, every time.
    return null;
  }
}

function snapshot(): TablePreferences {
  const raw = readStored();
  if (!cached || cached.raw !== raw) cached = { raw, value: readTablePreferences(raw) };
  return cached.value;
}

const serverSnapshot = () => DEFAULT_TABLE_PREFERENCES;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed them: this one follows.
  const onStorage = (event: StorageEvent) => {
    if (event.key === TABLE_PREFERENCES_KEY || event.key === null) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/**
 * This browser's table preferences. The server and hydration see the defaults (the server cannot
 * know them); the stored ones apply right after, and the pre-paint script has already applied the
 * hidden columns and density to the server's HTML, so only a changed column order can show late.
 */
export function useTablePreferences(): [
  TablePreferences,
  (update: (current: TablePreferences) => TablePreferences) => void,
] {
  const preferences = useSyncExternalStore(subscribe, snapshot, serverSnapshot);
  useEffect(() => applyTablePreferencesToDocument(preferences), [preferences]);
  const update = useCallback((change: (current: TablePreferences) => TablePreferences) => {
    const next = change(snapshot());
    try {
      localStorage.setItem(TABLE_PREFERENCES_KEY, JSON.stringify(next));
    } catch {
      // Not kept, but applied to this page below all the same.
      cached = { raw: readStored(), value: next };
    }
    for (const listener of listeners) listener();
  }, []);
  return [preferences, update];
}
