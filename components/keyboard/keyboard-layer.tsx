"use client";

import dynamic from "next/dynamic";
import { usePathname, useRouter } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { createShortcutReader, nextRowIndex, type ShortcutCommand } from "@/lib/keyboard/shortcuts";
import type { SavedView } from "@/lib/saved-views/saved-view";
import { ShortcutHelp } from "./shortcut-help";

/**
 * The palette's code (cmdk and what it brings) loads when it is first wanted, not with every page:
 * the header is on all of them, and most visits never open it.
 */
export const loadPalette = () => import("./command-palette");
const CommandPalette = dynamic(() => loadPalette().then((module) => module.CommandPalette), {
  ssr: false,
  loading: () => <p className="px-4 py-6 text-sm text-slate-600 dark:text-slate-400">Loading…</p>,
});

/** The element of each list row (table row or card) that `j`/`k` move to, and Enter opens. */
export const ROW_LINK_SELECTOR = "[data-row-link]";
/** The first filter field of a page, for `/`. */
const FILTER_SELECTOR = ["text", "search"]
  .map((type) => `[data-testid="filters"] input[type="${type}"]`)
  .concat('[data-testid="filters"] input:not([type])')
  .join(", ");

/** Inputs that take no typed text: keys pressed on them are still shortcuts. */
const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

function isEditable(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Where Esc goes from a page opened directly (no page of this app to go back to). */
function parentOf(pathname: string): string | undefined {
  const parts = pathname.split("/").filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join("/")}` : undefined;
}

function ModalDialog({
  open,
  onClose,
  label,
  testId,
  className,
  children,
}: {
  open: boolean;
  onClose: () => void;
  label: string;
  testId: string;
  className: string;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) {
      element.showModal();
      // Chrome focuses the dialog itself unless told which field is first.
      element.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    }
    if (!open && element.open) element.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop only; the keyboard's way out is Esc, which the native dialog handles.
    <dialog
      ref={dialog}
      aria-label={label}
      data-testid={testId}
      onClose={onClose}
      // A click on the backdrop lands on the dialog element itself: it closes, as people expect.
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
      className={`m-auto rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${className}`}
    >
      {open ? children : null}
    </dialog>
  );
}

/**
 * The keyboard layer of the dashboard: the shortcuts (see SHORTCUT_LIST), the command palette
 * (Ctrl/⌘ K, also behind the header's button) and the shortcut list (`?`). The header's button
 * (CommandMenu) holds whether the palette is open; this loads just after the page.
 */
export function KeyboardLayer({
  views,
  palette,
  setPalette,
  onReady,
}: {
  views: readonly SavedView[];
  palette: boolean;
  setPalette: (open: boolean | ((open: boolean) => boolean)) => void;
  onReady: () => void;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    onReady();
  }, [onReady]);
  // Pages of this app seen in this tab: with one only, Back would leave the app.
  const seenPages = useRef(0);
  const lastPage = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (lastPage.current === pathname) return;
    lastPage.current = pathname;
    seenPages.current += 1;
  }, [pathname]);

  useEffect(() => {
    const read = createShortcutReader();
    const run = (command: ShortcutCommand, event: KeyboardEvent) => {
      switch (command.kind) {
        case "palette":
          void loadPalette();
          setPalette((open) => !open);
          break;
        case "help":
          setHelp(true);
          break;
        case "focus-filter": {
          const field = document.querySelector<HTMLInputElement>(FILTER_SELECTOR);
          if (!field) return;
          field.focus();
          field.select();
          break;
        }
        case "next-row":
        case "previous-row": {
          const rows = [...document.querySelectorAll<HTMLElement>(ROW_LINK_SELECTOR)].filter(
            (row) => row.offsetParent !== null,
          );
          const current = rows.indexOf(document.activeElement as HTMLElement);
          const next = nextRowIndex(current, rows.length, command.kind === "next-row" ? 1 : -1);
          if (next === undefined) return;
          rows[next]?.focus();
          rows[next]?.scrollIntoView({ block: "nearest" });
          break;
        }
        case "back": {
          const parent = parentOf(pathname);
          // On a top page there is nowhere to go back to, and Esc stays with whatever has focus (a menu closing).
          if (!parent) return;
          if (seenPages.current > 1) router.back();
          else router.push(parent);
          break;
        }
        case "go":
          router.push(command.href);
          break;
      }
      event.preventDefault();
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      // An open dialog (the palette, this list, a browser prompt) has the keyboard to itself.
      if (document.querySelector("dialog[open]")) return;
      const inEditable = isEditable(event.target);
      if (inEditable && event.key === "Escape") {
        (event.target as HTMLElement).blur();
        return;
      }
      const command = read({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inEditable,
      });
      if (command) run(command, event);
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [pathname, router, setPalette]);

  return (
    <>
      <ModalDialog
        open={palette}
        onClose={() => setPalette(false)}
        label="Command palette"
        testId="command-palette"
        className="mt-[15vh] w-[min(36rem,calc(100vw-2rem))]"
      >
        <CommandPalette views={views} onDone={() => setPalette(false)} onShowShortcuts={() => setHelp(true)} />
      </ModalDialog>
      <ModalDialog
        open={help}
        onClose={() => setHelp(false)}
        label="Keyboard shortcuts"
        testId="shortcut-help"
        className="w-[min(32rem,calc(100vw-2rem))]"
      >
        <div className="flex flex-col gap-3 p-4">
          <div className="flex items-center justify-between">
            <h2 className="text-lg font-semibold">Keyboard shortcuts</h2>
            <button
              type="button"
              onClick={() => setHelp(false)}
              className="rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              Close
            </button>
          </div>
          <ShortcutHelp />
        </div>
      </ModalDialog>
    </>
  );
}
