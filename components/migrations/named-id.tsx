import { CopyButton } from "../ui/copy-button";

/** A company or user on the detail page: the directory's name when it has one, always the id beside it, copyable. */
export function NamedId({ name, id, kind }: { name: string | null | undefined; id: string; kind: "company" | "user" }) {
  return (
    <span className="inline-flex flex-wrap items-center gap-x-2">
      {name ? (
        <span className="font-medium" data-testid={`detail-${kind}-name`}>
          {name}
        </span>
      ) : null}
      <span
        className={`inline-flex items-center font-mono ${name ? "text-sm text-slate-600 dark:text-slate-400" : ""}`}
      >
        {id}
        <CopyButton value={id} label={`Copy ${kind} id ${id}`} />
      </span>
    </span>
  );
}
