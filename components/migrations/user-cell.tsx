"use client";

import type { Migration } from "@/lib/migrations/migration";
import { CopyButton } from "../ui/copy-button";
import { useRowContext } from "./list-context";
import { OwnerFilterButton } from "./owner-filter-button";

/** The user by directory name (the id when it has none); a click narrows the list to them, the id is one click to copy. */
export function UserCell({ migration }: { migration: Migration }) {
  const { filterByUser } = useRowContext();
  const id = migration.createdByUserId;
  return (
    <span className="inline-flex items-center gap-1" data-testid="user-cell" data-user-id={id}>
      <OwnerFilterButton kind="user" id={id} label={migration.createdByUserName ?? id} onFilter={filterByUser} />
      <CopyButton value={id} label={`Copy user id ${id}`} />
    </span>
  );
}
