"use client";

import { createContext, useContext } from "react";

export interface MigrationRowContext {
  /** Ids whose status changed at the last refresh. */
  changedIds: ReadonlySet<string>;
  filterByCompany: (companyId: string) => void;
  filterByUser: (userId: string) => void;
}

export const RowContext = createContext<MigrationRowContext>({
  changedIds: new Set(),
  filterByCompany: () => {},
  filterByUser: () => {},
});

export const useRowContext = () => useContext(RowContext);
