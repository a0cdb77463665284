"use client";

import { LineIcon } from "../ui/line-icon";

const FUNNEL = "M2.5 3h11l-4.25 5v4.5l-2.5 1.5V8z";

/**
 * Narrows the list to one company's or user's migrations. `data-owner-id` carries the id, whatever
 * the visible label: the directory's name, or the id itself when it has none.
 */
export function OwnerFilterButton({
  kind,
  id,
  label,
  onFilter,
  iconOnly = false,
}: {
  kind: "company" | "user";
  id: string;
  label: string;
  onFilter: (id: string) => void;
  /** Just the funnel (the label is a link beside it), named for screen readers. */
  iconOnly?: boolean;
}) {
  const title = `Show only this ${kind}'s migrations`;
  if (iconOnly) {
    return (
      <button
        type="button"
        onClick={() => onFilter(id)}
        title={title}
        aria-label={`Show only ${label}'s migrations`}
        data-owner-kind={kind}
        data-owner-id={id}
        className="inline-flex h-6 min-w-6 items-center justify-center rounded px-1 text-slate-600 hover:bg-slate-200 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-700 dark:hover:text-white"
      >
        <LineIcon d={FUNNEL} className="h-3.5 w-3.5" />
      </button>
    );
  }
  return (
    <button
      type="button"
      onClick={() => onFilter(id)}
      title={label === id ? title : `${title} (id ${id})`}
      data-owner-kind={kind}
      data-owner-id={id}
      className={`max-w-[11rem] truncate rounded text-left text-slate-800 underline decoration-dotted underline-offset-2 hover:decoration-solid focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-200 ${label === id ? "font-mono" : ""}`}
    >
      {label}
    </button>
  );
}
