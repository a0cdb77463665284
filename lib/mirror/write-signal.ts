/**
 * Tells this process's live feed that a write just changed what the mirror lists, so browsers
 * connected here hear of it at once instead of at the feed's next look at the database (which is
 * how changes written by another instance arrive). The listeners sit on globalThis: Next bundles
 * the sync engine (started from instrumentation) and the route handlers separately, and a plain
 * module variable would not be shared between them.
 */
type Listener = () => void;

const registry = globalThis as typeof globalThis & { __mirrorWriteListeners?: Set<Listener> };

function listeners(): Set<Listener> {
  registry.__mirrorWriteListeners ??= new Set();
  return registry.__mirrorWriteListeners;
}

/** Calls `listener` after every mirror write that changed a listed row; returns the way to stop. */
export function onMirrorWrite(listener: Listener): () => void {
  listeners().add(listener);
  return () => {
    listeners().delete(listener);
  };
}

/** Called once a transaction that inserted, changed or removed rows has committed. */
export function signalMirrorWrite(): void {
  for (const listener of listeners()) listener();
}
