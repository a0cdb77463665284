import { type ClientErrorCode, toClientErrorCode } from "./error-codes";
import type { MigrationListParams } from "./list-options";
import { toBffQuery } from "./url-state";
import type { BffErrorBody, MigrationDetailView, MigrationListView } from "./views";

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** A light check that a body has the shape the BFF promises, enough to fail loudly instead of rendering garbage. */
function isListView(body: unknown): body is MigrationListView {
  return isObject(body) && Array.isArray(body.data) && typeof body.total === "number" && isObject(body.counts);
}

function isDetailView(body: unknown): body is MigrationDetailView {
  return isObject(body) && isObject(body.data) && typeof body.data.id === "string" && typeof body.as_of === "string";
}

function isErrorBody(body: unknown): body is BffErrorBody {
  return (
    isObject(body) &&
    isObject(body.error) &&
    typeof body.error.code === "string" &&
    typeof body.error.message === "string"
  );
}

/** A failed BFF call, with the BFF's error code (or one of ours for network and format trouble). */
export class BffRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "BffRequestError";
  }
}

async function getJson<T>(url: string, isExpected: (body: unknown) => body is T, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "application/json" }, signal, cache: "no-store" });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new BffRequestError(0, "network", "The dashboard's server could not be reached. Check your connection.");
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new BffRequestError(
      response.status,
      isErrorBody(body) ? toClientErrorCode(body.error.code) : "unexpected",
      isErrorBody(body) ? body.error.message : `The dashboard's server answered ${response.status}.`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  if (!isExpected(body)) {
    throw new BffRequestError(response.status, "bad_format", "The server sent data in an unexpected form.");
  }
  return body;
}

export function fetchMigrationList(params: MigrationListParams, signal?: AbortSignal): Promise<MigrationListView> {
  return getJson(`/api/migrations?${toBffQuery(params)}`, isListView, signal);
}

export function fetchMigration(id: string, signal?: AbortSignal): Promise<MigrationDetailView> {
  return getJson(`/api/migrations/${encodeURIComponent(id)}`, isDetailView, signal);
}

export const migrationKeys = {
  all: ["migrations"] as const,
  list: (params: MigrationListParams) => ["migrations", "list", toBffQuery(params)] as const,
  detail: (id: string) => ["migrations", "detail", id] as const,
};
