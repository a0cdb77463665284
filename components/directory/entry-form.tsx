"use client";

import { useActionState, useId } from "react";
import { saveDirectoryEntryAction } from "@/app/(dashboard)/directory/actions";
import type { DirectoryKind } from "@/lib/directory/entries";

interface FieldSpec {
  name: string;
  label: string;
  required?: boolean;
  multiline?: boolean;
  type?: "email";
  mono?: boolean;
}

const FIELDS: Record<DirectoryKind, FieldSpec[]> = {
  companies: [
    { name: "company_id", label: "Company id", required: true, mono: true },
    { name: "name", label: "Name", required: true },
    { name: "owner", label: "Account owner" },
    { name: "notes", label: "Notes", multiline: true },
  ],
  users: [
    { name: "user_id", label: "User id", required: true, mono: true },
    { name: "name", label: "Name", required: true },
    { name: "email", label: "E-mail", type: "email" },
  ],
};

const inputClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900";

/**
 * Adds an entry, or edits one (its id then fixed). Checked on the server like an import; what is
 * wrong is said next to the field, and nothing is saved until all of it is right.
 */
export function EntryForm({
  kind,
  mode,
  values = {},
  onDone,
}: {
  kind: DirectoryKind;
  mode: "add" | "edit";
  values?: Record<string, string | null>;
  onDone?: () => void;
}) {
  const [state, action, pending] = useActionState(saveDirectoryEntryAction, undefined);
  const baseId = useId();
  const singular = kind === "companies" ? "company" : "user";

  return (
    <form
      action={action}
      className="flex flex-col gap-2"
      data-testid={`${singular}-${mode}-form`}
      aria-label={mode === "add" ? `Add a ${singular}` : `Edit ${singular} ${values[`${singular}_id`] ?? ""}`}
    >
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="mode" value={mode} />
      <div className="flex flex-wrap items-start gap-3">
        {FIELDS[kind].map((field) => {
          const id = `${baseId}-${field.name}`;
          const error = state?.fieldErrors?.[field.name];
          const fixed = mode === "edit" && field.required && field.mono;
          const common = {
            id,
            name: field.name,
            defaultValue: state?.values?.[field.name] ?? values[field.name] ?? "",
            "aria-invalid": error ? true : undefined,
            "aria-describedby": error ? `${id}-error` : undefined,
          };
          return (
            <div key={field.name} className={`flex flex-col ${field.multiline ? "min-w-64 flex-1" : ""}`}>
              <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
                {field.label}
                {field.required ? <span aria-hidden="true"> *</span> : null}
              </label>
              {field.multiline ? (
                <textarea {...common} rows={2} className={`mt-0.5 ${inputClass}`} />
              ) : (
                <input
                  {...common}
                  type={field.type ?? "text"}
                  required={field.required}
                  readOnly={fixed}
                  spellCheck={field.mono ? false : undefined}
                  autoComplete="off"
                  className={`mt-0.5 w-52 ${inputClass} ${field.mono ? "font-mono" : ""} ${fixed ? "bg-slate-100 dark:bg-slate-800" : ""}`}
                />
              )}
              {error ? (
                <span id={`${id}-error`} className="mt-0.5 max-w-52 text-xs text-red-800 dark:text-red-300">
                  {field.label} {error}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:opacity-60"
        >
          {pending ? "Saving…" : mode === "add" ? `Add ${singular}` : "Save"}
        </button>
        {onDone ? (
          <button
            type="button"
            onClick={onDone}
            className="rounded-md px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
          >
            Close
          </button>
        ) : null}
        <p
          role={state && !state.ok ? "alert" : "status"}
          data-testid="entry-form-message"
          className={`text-sm ${state?.ok ? "text-green-800 dark:text-green-300" : "text-red-800 dark:text-red-300"}`}
        >
          {state?.message ?? ""}
        </p>
      </div>
    </form>
  );
}
