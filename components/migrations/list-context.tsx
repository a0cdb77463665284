"use client";

import { createContext, useContext } from "react";

export interface MigrationRowContext {
  /** The current time, ticking: ages and relative times read it. */
  now: number;
  /** Ids whose status changed at the last refresh. */
  changedIds: ReadonlySet<string>;
  filterByCompany: (companyId: string) => void;
  filterByUser: (userId: string) => void;
}

export const RowContext = createContext<MigrationRowContext>({
  now: 0,
  changedIds: new Set(),
  filterByCompany: () => {},
  filterByUser: () => {},
});

export const useRowContext = () => useContext(RowContext);
