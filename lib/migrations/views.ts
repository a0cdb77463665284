import type { Migration } from "./migration";

/**
 * What the BFF answers: built by the BFF (lib/bff) and read by the browser (bff-client.ts). Both
 * sides are this codebase, typed end to end; the untrusted boundary, the upstream's responses, is
 * validated with zod on the server (lib/upstream/reader.ts). The browser keeps only a light shape
 * check (bff-client.ts), so no schema library ships in the client bundle.
 */
export interface MigrationListView {
  data: Migration[];
  page: number;
  page_size: number;
  total: number;
  /** Per status, for the current company and user filters (not the status filter). */
  counts: Record<string, number>;
  /** When the rows were read from the upstream (ISO 8601). */
  as_of: string;
  /** Where the rows came from: the upstream directly, or the shared index. */
  source: "upstream" | "index";
}

export interface MigrationDetailView {
  data: Migration;
  as_of: string;
}

export interface BffErrorBody {
  error: { code: string; message: string; param?: string };
}
