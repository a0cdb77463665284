import type * as z from "zod/mini";
import type { MigrationListParams } from "./list-options";
import { toBffQuery } from "./url-state";
import {
  bffErrorBodySchema,
  type MigrationDetailView,
  type MigrationListView,
  migrationDetailViewSchema,
  migrationListViewSchema,
} from "./views";

/** A failed BFF call, with the BFF's error code (or one of ours for network and format trouble). */
export class BffRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "BffRequestError";
  }
}

async function getJson<T>(url: string, schema: z.ZodMiniType<T>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal, cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new BffRequestError(0, "network", "The dashboard's server could not be reached. Check your connection.");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = bffErrorBodySchema.safeParse(body);
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new BffRequestError(
      response.status,
      parsed.success ? parsed.data.error.code : "unexpected",
      parsed.success ? parsed.data.error.message : `The dashboard's server answered ${response.status}.`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new BffRequestError(response.status, "bad_format", "The server sent data in an unexpected form.");
  return parsed.data;
}

export function fetchMigrationList(params: MigrationListParams, signal?: AbortSignal): Promise<MigrationListView> {
  return getJson(`/api/migrations?${toBffQuery(params)}`, migrationListViewSchema, signal);
}

export function fetchMigration(id: string, signal?: AbortSignal): Promise<MigrationDetailView> {
  return getJson(`/api/migrations/${encodeURIComponent(id)}`, migrationDetailViewSchema, signal);
}

export const migrationKeys = {
  all: ["migrations"] as const,
  list: (params: MigrationListParams) => ["migrations", "list", toBffQuery(params)] as const,
  detail: (id: string) => ["migrations", "detail", id] as const,
};
