"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import type { SavedView } from "@/lib/saved-views/saved-view";

const loadLayer = () => import("./keyboard-layer");
/**
 * The shortcuts and dialogs load just after the page, not with it: the header is on every page, and
 * the list page's first-load JavaScript has a budget.
 */
const KeyboardLayer = dynamic(() => loadLayer().then((module) => module.KeyboardLayer), { ssr: false });

/** The header's "Jump to…" button, and the keyboard layer behind it (see KeyboardLayer). */
export function CommandMenu({ views }: { views: readonly SavedView[] }) {
  const [palette, setPalette] = useState(false);
  const [ready, setReady] = useState(false);
  const onReady = useCallback(() => setReady(true), []);
  // The palette's own code, fetched while the pointer or focus is on the way to the button.
  const preload = () => void loadLayer().then((module) => module.loadPalette());
  return (
    <>
      <button
        type="button"
        onClick={() => setPalette(true)}
        onPointerEnter={preload}
        onFocus={preload}
        data-testid="open-palette"
        // The shortcuts listen once the layer is in: tests (and nothing else) wait for this.
        data-ready={ready ? "true" : "false"}
        className="inline-flex h-8 items-center gap-2 rounded-md border border-slate-300 px-2 text-sm text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        Jump to…
        <kbd className="hidden rounded border border-slate-300 px-1 font-mono text-xs sm:inline dark:border-slate-600">
          Ctrl K
        </kbd>
      </button>
      <KeyboardLayer views={views} palette={palette} setPalette={setPalette} onReady={onReady} />
    </>
  );
}
