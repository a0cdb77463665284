"use client";

import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { isMigrationId } from "@/lib/migrations/migration-id";

/** Paste a full migration id (from a ticket, a chat, an alert) and go straight to it. */
export function GoToMigration() {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState("");
  const [hint, setHint] = useState<string>();

  const go = (raw: string) => {
    const candidate = raw.trim().toLowerCase();
    if (isMigrationId(candidate)) {
      router.push(`/migrations/${candidate}`);
      return true;
    }
    return false;
  };

  return (
    <search>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!go(value))
            setHint("That is not a full migration id (a UUID like 9f5b41bd-7c5e-42d9-b332-b31686e94424).");
        }}
        className="flex flex-col"
      >
        <label htmlFor={id} className="text-xs font-medium text-slate-700 dark:text-slate-300">
          Go to migration
        </label>
        <input
          id={id}
          type="search"
          value={value}
          placeholder="Paste a migration id"
          spellCheck={false}
          autoComplete="off"
          data-testid="go-to-migration"
          onChange={(event) => {
            setValue(event.target.value);
            setHint(undefined);
          }}
          onPaste={(event) => {
            if (go(event.clipboardData.getData("text"))) event.preventDefault();
          }}
          aria-describedby={hint ? `${id}-hint` : undefined}
          className="mt-0.5 h-9 w-full sm:w-72 max-w-full rounded-md border border-slate-300 bg-white px-2 font-mono text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900"
        />
        {hint ? (
          <span id={`${id}-hint`} className="mt-0.5 text-xs text-red-800 dark:text-red-300">
            {hint}
          </span>
        ) : null}
      </form>
    </search>
  );
}
