"use client";

import { Fragment, useState } from "react";
import type { DirectoryKind } from "@/lib/directory/entries";
import { CopyButton } from "../ui/copy-button";
import { EntryForm } from "./entry-form";

export interface DirectoryRow {
  id: string;
  name: string;
  /** The kind's other fields, by column name (owner and notes, or email). */
  details: Record<string, string | null>;
  migrations: number;
}

const DETAIL_COLUMNS: Record<DirectoryKind, Array<{ name: string; label: string }>> = {
  companies: [
    { name: "owner", label: "Account owner" },
    { name: "notes", label: "Notes" },
  ],
  users: [{ name: "email", label: "E-mail" }],
};

/** The entries of one kind, each editable in place (a row of its own opens under it). */
export function DirectoryTable({ kind, rows }: { kind: DirectoryKind; rows: DirectoryRow[] }) {
  const [editing, setEditing] = useState<string>();
  const idColumn = kind === "companies" ? "company_id" : "user_id";
  const singular = kind === "companies" ? "company" : "user";
  const details = DETAIL_COLUMNS[kind];
  const filterParam = kind === "companies" ? "company_id" : "created_by_user_id";
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full border-collapse text-left text-sm" data-testid={`directory-${kind}`}>
        <caption className="sr-only">{kind === "companies" ? "Companies" : "Users"}, by name</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-700 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              Name
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              Id
            </th>
            {details.map((column) => (
              <th key={column.name} scope="col" className="px-3 py-2 font-semibold">
                {column.label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              Migrations
            </th>
            <th scope="col" className="px-3 py-2 font-semibold">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Fragment key={row.id}>
              <tr
                className="border-t border-slate-100 dark:border-slate-800"
                data-testid="directory-row"
                data-id={row.id}
              >
                <td className="px-3 py-2 font-medium">{row.name}</td>
                <td className="px-3 py-2">
                  <span className="inline-flex items-center gap-1 font-mono text-xs">
                    {row.id}
                    <CopyButton value={row.id} label={`Copy ${singular} id ${row.id}`} />
                  </span>
                </td>
                {details.map((column) => (
                  <td key={column.name} className="max-w-xs px-3 py-2 whitespace-pre-line">
                    {row.details[column.name] ?? <span className="text-slate-600 dark:text-slate-400">—</span>}
                  </td>
                ))}
                <td className="px-3 py-2 text-right tabular-nums">
                  <a
                    href={`/migrations?${filterParam}=${encodeURIComponent(row.id)}`}
                    className="text-blue-800 underline-offset-2 hover:underline dark:text-blue-300"
                  >
                    {row.migrations.toLocaleString("en-US")}
                    <span className="sr-only"> migrations of {row.name}</span>
                  </a>
                </td>
                <td className="px-3 py-2">
                  <button
                    type="button"
                    onClick={() => setEditing(editing === row.id ? undefined : row.id)}
                    aria-expanded={editing === row.id}
                    aria-label={`Edit ${row.name}`}
                    className="rounded-md border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
                  >
                    Edit
                  </button>
                </td>
              </tr>
              {editing === row.id ? (
                <tr className="bg-slate-50 dark:bg-slate-900">
                  <td colSpan={details.length + 4} className="px-3 py-3">
                    <EntryForm
                      kind={kind}
                      mode="edit"
                      values={{ [idColumn]: row.id, name: row.name, ...row.details }}
                      onDone={() => setEditing(undefined)}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
