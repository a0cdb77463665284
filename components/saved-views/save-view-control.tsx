"use client";

import { useSearchParams } from "next/navigation";
import { useActionState, useEffect, useId, useRef, useState } from "react";
import { type SaveViewState, saveViewAction } from "@/app/(dashboard)/saved-view-actions";
import { MAX_VIEW_NAME_LENGTH } from "@/lib/saved-views/saved-view";

const buttonClass =
  "h-9 rounded-md border border-slate-300 px-3 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800";

/**
 * "Save view": names the list's current filters and keeps them in the user's Views menu (and the
 * command palette). The filters are read from the URL at the moment of saving.
 */
export function SaveViewControl() {
  const searchParams = useSearchParams();
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState<SaveViewState, FormData>(saveViewAction, {});
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    if (state.saved) {
      setOpen(false);
      toggle.current?.focus();
    }
  }, [state]);

  return (
    <div className="flex flex-wrap items-end gap-2">
      {open ? (
        <form action={action} className="flex flex-wrap items-end gap-2" data-testid="save-view-form">
          <input type="hidden" name="query" value={searchParams.toString()} />
          <label htmlFor={inputId} className="flex flex-col gap-1 text-sm">
            <span className="font-medium">View name</span>
            <input
              ref={input}
              id={inputId}
              name="name"
              required
              maxLength={MAX_VIEW_NAME_LENGTH}
              placeholder="e.g. Failed this week"
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.stopPropagation();
                  setOpen(false);
                }
              }}
              className="h-9 w-56 rounded-md border border-slate-300 bg-white px-2 dark:border-slate-600 dark:bg-slate-900"
            />
          </label>
          <button type="submit" disabled={pending} className={buttonClass}>
            {pending ? "Saving…" : "Save"}
          </button>
          <button type="button" onClick={() => setOpen(false)} className={buttonClass}>
            Cancel
          </button>
        </form>
      ) : (
        <button
          ref={toggle}
          type="button"
          onClick={() => setOpen(true)}
          className={buttonClass}
          data-testid="save-view"
        >
          Save view
        </button>
      )}
      {state.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid="save-view-error">
          {state.error}
        </p>
      ) : state.saved && !open ? (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300" data-testid="save-view-saved">
          {state.saved.replaced ? "Updated" : "Saved"} “{state.saved.name}” in Views.
        </p>
      ) : null}
    </div>
  );
}
