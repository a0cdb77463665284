"use client";

import { useEffect, useId, useRef, useState } from "react";
import { fetchOwnerSuggestions } from "@/lib/directory/suggest-client";
import type { OwnerKind, OwnerSuggestion } from "@/lib/directory/suggestions";
import { useHydrated } from "@/lib/hooks/use-now";
import { ID_FILTER_PATTERN } from "@/lib/migrations/list-options";

const DEBOUNCE_MS = 150;

/** The suggestion typed out exactly (its id or its name, any case), if any. */
function exactMatch(suggestions: readonly OwnerSuggestion[], text: string): OwnerSuggestion | undefined {
  const lower = text.toLowerCase();
  return suggestions.find((s) => s.id.toLowerCase() === lower || s.name?.toLowerCase() === lower);
}

/**
 * The company or user filter: type a name or an id, pick a suggestion (with its migration count) by
 * mouse or arrow keys and Enter. Enter on typed text takes the suggestion it names exactly, else the
 * text as an id, so ids the directory does not know still filter.
 */
export function OwnerFilterCombobox({
  label,
  name,
  kind,
  value,
  valueName,
  onApply,
}: {
  label: string;
  name: string;
  kind: OwnerKind;
  /** The applied id ("" for none). */
  value: string;
  /** The applied id's directory name, when the page knows it. */
  valueName?: string | null;
  onApply: (id: string) => void;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const hydrated = useHydrated();
  const [draft, setDraft] = useState(value);
  const [suggestions, setSuggestions] = useState<OwnerSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [error, setError] = useState<string>();
  const request = useRef<AbortController | null>(null);

  useEffect(() => setDraft(value), [value]);
  useEffect(() => () => request.current?.abort(), []);

  const load = (text: string) => {
    request.current?.abort();
    const trimmed = text.trim();
    if (!trimmed || trimmed === value) {
      setSuggestions([]);
      return;
    }
    const controller = new AbortController();
    request.current = controller;
    setTimeout(() => {
      if (controller.signal.aborted) return;
      fetchOwnerSuggestions(kind, trimmed, controller.signal)
        .then((found) => {
          if (controller.signal.aborted) return;
          setSuggestions(found);
          setActive(-1);
        })
        .catch(() => {});
    }, DEBOUNCE_MS);
  };

  const choose = (chosen: string) => {
    request.current?.abort();
    setOpen(false);
    setActive(-1);
    setError(undefined);
    setDraft(chosen);
    if (chosen !== value) onApply(chosen);
  };

  const applyTyped = async () => {
    const text = draft.trim();
    if (text === value || (valueName && text === valueName)) {
      setOpen(false);
      return;
    }
    if (text === "") return choose("");
    const match = exactMatch(suggestions, text) ?? exactMatch(await fetchOwnerSuggestions(kind, text), text);
    if (match) return choose(match.id);
    if (!ID_FILTER_PATTERN.test(text)) {
      setError(`No ${kind} named "${text.slice(0, 40)}"; an id is letters, digits, '_', '.', ':' or '-'`);
      return;
    }
    choose(text);
  };

  const showList = open && suggestions.length > 0;
  const optionId = (index: number) => `${id}-option-${index}`;

  return (
    <div className="relative flex flex-col">
      <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="mt-0.5 flex items-center">
        <input
          id={id}
          name={name}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && active >= 0 ? optionId(active) : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : valueName ? `${id}-name` : undefined}
          value={draft}
          disabled={!hydrated}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(undefined);
            setOpen(true);
            load(event.target.value);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false);
            void applyTyped();
          }}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" && suggestions.length > 0) {
              event.preventDefault();
              setOpen(true);
              setActive((index) => (index + 1) % suggestions.length);
            } else if (event.key === "ArrowUp" && suggestions.length > 0) {
              event.preventDefault();
              setOpen(true);
              setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
            } else if (event.key === "Enter") {
              event.preventDefault();
              const picked = showList && active >= 0 ? suggestions[active] : undefined;
              if (picked) choose(picked.id);
              else void applyTyped();
            } else if (event.key === "Escape" && showList) {
              event.preventDefault();
              setOpen(false);
            }
          }}
          placeholder="name or id"
          spellCheck={false}
          autoComplete="off"
          className="h-9 w-48 rounded-md border border-slate-300 bg-white px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900"
        />
        {value ? (
          <button
            type="button"
            onClick={() => choose("")}
            aria-label={`Clear ${label.toLowerCase()} filter`}
            className="ml-1 h-9 rounded-md px-2 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            ✕
          </button>
        ) : null}
      </div>
      {showList ? (
        <div
          id={listId}
          role="listbox"
          aria-label={`${label} suggestions`}
          data-testid={`${kind}-suggestions`}
          className="absolute top-full left-0 z-20 mt-1 max-h-80 w-80 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {suggestions.map((suggestion, index) => (
            <div
              key={suggestion.id}
              id={optionId(index)}
              role="option"
              // Focus stays in the field (aria-activedescendant); -1 only makes the option focusable by script.
              tabIndex={-1}
              aria-selected={index === active}
              data-owner-id={suggestion.id}
              // Chosen on mouse down: a click would blur the field first and apply the typed text.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(suggestion.id);
              }}
              className={`flex cursor-pointer items-baseline justify-between gap-3 px-3 py-1.5 ${index === active ? "bg-blue-100 dark:bg-blue-900" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            >
              <span className="flex min-w-0 flex-col">
                <span className={`truncate ${suggestion.name ? "" : "font-mono"}`}>
                  {suggestion.name ?? suggestion.id}
                </span>
                {suggestion.name ? (
                  <span className="truncate font-mono text-xs text-slate-600 dark:text-slate-400">{suggestion.id}</span>
                ) : null}
              </span>
              <span className="shrink-0 text-xs text-slate-700 dark:text-slate-300" data-testid="suggestion-count">
                {suggestion.count.toLocaleString("en-US")} migration{suggestion.count === 1 ? "" : "s"}
              </span>
            </div>
          ))}
        </div>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="mt-0.5 max-w-56 text-xs text-red-800 dark:text-red-300">
          {error}
        </span>
      ) : valueName && draft === value ? (
        <span
          id={`${id}-name`}
          data-testid={`${kind}-filter-name`}
          className="mt-0.5 max-w-48 truncate text-xs text-slate-700 dark:text-slate-300"
        >
          {valueName}
        </span>
      ) : null}
    </div>
  );
}
