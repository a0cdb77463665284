import "server-only";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { AppSchema } from "@/lib/db/schema";
import { readStoredState, writeStoredState } from "@/lib/db/stored-state";

/** A full walk of the upstream's pages: the first one (backfill) or a later reconciliation. */
const walkSchema = z.object({
  kind: z.enum(["backfill", "reconcile"]),
  generation: z.number().int().positive(),
  /** The next page to read; pages before it are in the mirror. */
  nextPage: z.number().int().positive(),
  startedMs: z.number(),
  rowsRead: z.number().int().nonnegative(),
  /** The upstream's own total when it sends one. */
  estimatedTotal: z.number().int().nonnegative().optional(),
  /** When this process took the walk up (start or resume) and how many rows were read by then: the rate's base. */
  resumedMs: z.number(),
  rowsAtResume: z.number().int().nonnegative(),
  /** Set once the last page was read: rows not seen since startedMs are being confirmed gone. */
  pagesDone: z.boolean(),
});

const syncErrorSchema = z.object({
  atMs: z.number(),
  operation: z.string(),
  message: z.string(),
});

const syncStateSchema = z.object({
  /** Which upstream and key the mirror holds (a hash): another one means a new mirror. */
  scope: z.string(),
  /** The page size the upstream accepts (largest of 100, 50, 25, 10), once known. */
  pageSize: z.number().int().positive().optional(),
  walk: walkSchema.optional(),
  /** The last completed walk's generation (0: none yet). */
  completedGeneration: z.number().int().nonnegative(),
  backfillCompletedMs: z.number().optional(),
  nextReconcileMs: z.number().optional(),
  /** The last time the head of the list was read successfully: the mirror is current as of then. */
  lastHeadSuccessMs: z.number().optional(),
  lastSuccessMs: z.number().optional(),
  consecutiveFailures: z.number().int().nonnegative(),
  recentErrors: z.array(syncErrorSchema),
  rejectedRows: z.number().int().nonnegative(),
});

export type SyncWalk = z.infer<typeof walkSchema>;
export type SyncError = z.infer<typeof syncErrorSchema>;
export type SyncState = z.infer<typeof syncStateSchema>;

const STATE_KEY = "sync";
export const MAX_RECENT_ERRORS = 20;

export function initialSyncState(scope: string): SyncState {
  return { scope, completedGeneration: 0, consecutiveFailures: 0, recentErrors: [], rejectedRows: 0 };
}

/** The stored state, or undefined when there is none or it cannot be read (a fresh start is then safe). */
export function readSyncState(db: Kysely<AppSchema>): Promise<SyncState | undefined> {
  return readStoredState(db, STATE_KEY, syncStateSchema);
}

export function writeSyncState(db: Kysely<AppSchema>, state: SyncState, nowMs: number): Promise<void> {
  return writeStoredState(db, STATE_KEY, state, nowMs);
}
