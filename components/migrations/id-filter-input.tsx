"use client";

import { useEffect, useId, useState } from "react";
import { useHydrated } from "@/lib/hooks/use-now";
import { ID_FILTER_PATTERN } from "@/lib/migrations/list-options";

/**
 * A text filter (a company or user id, or words of a failure reason): type or paste, Enter (or
 * leaving the field) applies it. `pattern` and `invalid` say what it takes (an id by default).
 */
export function IdFilterInput({
  label,
  name,
  value,
  onApply,
  pattern = ID_FILTER_PATTERN,
  invalid = "Letters, digits, '_', '.', ':' or '-' only",
  wide = false,
}: {
  label: string;
  name: string;
  value: string;
  onApply: (value: string) => void;
  pattern?: RegExp;
  invalid?: string;
  /** Free text rather than an id: a wider field in the body font. */
  wide?: boolean;
}) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  // Text typed before hydration would be reset by React: the field opens once it can keep it.
  const hydrated = useHydrated();
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(value), [value]);

  const apply = () => {
    const trimmed = draft.trim();
    if (trimmed === value) return;
    if (trimmed !== "" && !pattern.test(trimmed)) {
      setError(invalid);
      return;
    }
    setError(undefined);
    onApply(trimmed);
  };

  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      <div className="mt-0.5 flex items-center">
        <input
          id={id}
          name={name}
          value={draft}
          disabled={!hydrated}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={apply}
          onKeyDown={(event) => {
            if (event.key === "Enter") apply();
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
          className={`h-9 ${wide ? "w-56" : "w-44 font-mono"} rounded-md border border-slate-300 bg-white px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900`}
        />
        {value ? (
          <button
            type="button"
            onClick={() => onApply("")}
            aria-label={`Clear ${label.toLowerCase()} filter`}
            className="ml-1 h-9 rounded-md px-2 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            ✕
          </button>
        ) : null}
      </div>
      {error ? (
        <span id={`${id}-error`} className="mt-0.5 text-xs text-red-800 dark:text-red-300">
          {error}
        </span>
      ) : null}
    </div>
  );
}
