/**
 * A Migrations API that offers only the documented contract, in process, for the sync engine's
 * tests. Never import this from production code.
 *
 * It serves `GET /migrations?page&page_size` (newest first, `id` descending on ties) as a bare array
 * or as `{"results": [...], "count": n}`, and `GET /migrations/{id}`. The test drives it: add rows,
 * change statuses, delete rows, make chosen pages fail, answer 429 with Retry-After, serve hostile
 * rows, send pages longer than asked, cap page_size silently. Every request is counted.
 */

import { type Random, randomUuid, seededRandom } from "@/lib/embedded-api/random";
import { formatNaiveUtcMicros } from "@/lib/embedded-api/timestamps";
import { createUpstreamClient, type UpstreamClient, type UpstreamClientOptions } from "@/lib/upstream/client";

export const FAKE_BASE_URL = "https://upstream.test/api/v1";
export const FAKE_API_KEY = "fake-upstream-key";

/** One stored item: its wire JSON as served (possibly hostile) and where it sorts. */
interface StoredItem {
  sortUs: number;
  sortId: string;
  wire: Record<string, unknown>;
}

export interface FakeRowSpec {
  id?: string;
  createdUs?: number;
  status?: string;
  createdByUserId?: string;
  companyId?: string | null;
}

export interface FakeRow {
  id: string;
  createdUs: number;
  status: string;
  createdByUserId: string;
  companyId: string | null;
}

export interface FakeRequest {
  kind: "list" | "get";
  page?: number;
  pageSize?: number;
  id?: string;
  status: number;
}

export interface FakeUpstreamOptions {
  /** "array": a bare JSON array; "results": `{"results": [...], "count": n}`. Default "array". */
  envelope?: "array" | "results";
  /** Answers at most this many rows per page without saying so (computing offsets with it too). */
  silentPageSizeCap?: number;
  /** page_size above this is a 400, as a strict API would answer. Default 100. */
  maxPageSize?: number;
  /** Seed for ids, so runs are reproducible. */
  seed?: number;
  /** Where new rows' `created` starts counting down from when not given (microseconds). */
  startUs?: number;
}

/** The default `created` of the first row: 2025-12-02T23:51:49.807119 UTC. */
const DEFAULT_START_US = Date.UTC(2025, 11, 2, 23, 51, 49, 807) * 1000 + 119;

export class FakeUpstream {
  readonly requests: FakeRequest[] = [];
  envelope: "array" | "results";
  silentPageSizeCap: number | undefined;
  maxPageSize: number;
  private readonly items: StoredItem[] = [];
  private readonly random: Random;
  private nextCreatedUs: number;
  private readonly pageFailures = new Map<number, { times: number; status: number }>();
  private readonly idFailures = new Map<string, { times: number; status: number }>();
  private rateLimited: { times: number; retryAfter: string } | undefined;
  private readonly overlongPages = new Set<number>();
  private readonly byIdOverrides = new Map<string, unknown>();
  private sorted = true;

  constructor(options: FakeUpstreamOptions = {}) {
    this.envelope = options.envelope ?? "array";
    this.silentPageSizeCap = options.silentPageSizeCap;
    this.maxPageSize = options.maxPageSize ?? 100;
    this.random = seededRandom(options.seed ?? 1);
    this.nextCreatedUs = options.startUs ?? DEFAULT_START_US;
  }

  /** Adds well-formed rows (the next ones older than every row added without a `createdUs`); returns them. */
  add(specs: number | FakeRowSpec[]): FakeRow[] {
    const list: FakeRowSpec[] = typeof specs === "number" ? Array.from({ length: specs }, () => ({})) : specs;
    return list.map((spec) => {
      const row: FakeRow = {
        id: spec.id ?? randomUuid(this.random),
        createdUs: spec.createdUs ?? this.nextCreatedUs,
        status: spec.status ?? "COMPLETE",
        createdByUserId: spec.createdByUserId ?? "user-1",
        companyId: spec.companyId === undefined ? "company-1" : spec.companyId,
      };
      if (spec.createdUs === undefined) this.nextCreatedUs -= 1_000_000;
      this.items.push({ sortUs: row.createdUs, sortId: row.id, wire: wireOf(row) });
      this.sorted = false;
      return row;
    });
  }

  /** Adds a row newer than every other (a migration just started). */
  addNewest(spec: Omit<FakeRowSpec, "createdUs"> = {}): FakeRow {
    const newest = this.items.reduce((max, item) => Math.max(max, item.sortUs), this.nextCreatedUs);
    return this.add([{ ...spec, createdUs: newest + 1_000_000 }])[0] as FakeRow;
  }

  /** Adds an item served exactly as given (it may be anything), sorting at `createdUs`. */
  addRaw(wire: Record<string, unknown>, createdUs: number, sortId = String(wire.id ?? "")): void {
    this.items.push({ sortUs: createdUs, sortId, wire });
    this.sorted = false;
  }

  setStatus(id: string, status: string): void {
    const item = this.find(id);
    if (!item) throw new Error(`no row ${id}`);
    item.wire = { ...item.wire, status };
  }

  remove(id: string): void {
    const item = this.find(id);
    if (!item) throw new Error(`no row ${id}`);
    this.items.splice(this.items.indexOf(item), 1);
  }

  /** The next `times` reads of list page `page` answer `status` (default 500). */
  failPage(page: number, times: number, status = 500): void {
    this.pageFailures.set(page, { times, status });
  }

  failId(id: string, times: number, status = 500): void {
    this.idFailures.set(id.toLowerCase(), { times, status });
  }

  /** The next `times` requests of any kind answer 429 with this Retry-After. */
  rateLimit(times: number, retryAfter: string): void {
    this.rateLimited = { times, retryAfter };
  }

  /** GET /migrations/{id} answers `body` (anything) instead of the stored row; list pages are unchanged. */
  answerById(id: string, body: unknown): void {
    this.byIdOverrides.set(id.toLowerCase(), body);
  }

  /** List page `page` holds one row more than asked for (while there are rows to send). */
  overlong(page: number, on = true): void {
    if (on) this.overlongPages.add(page);
    else this.overlongPages.delete(page);
  }

  /** The rows as the contract orders them, well-formed or not. */
  ordered(): StoredItem[] {
    if (!this.sorted) {
      this.items.sort((a, b) =>
        a.sortUs !== b.sortUs ? b.sortUs - a.sortUs : a.sortId < b.sortId ? 1 : a.sortId > b.sortId ? -1 : 0,
      );
      this.sorted = true;
    }
    return this.items;
  }

  /** The well-formed rows (those a correct mirror holds), in list order: the tests' oracle. */
  rows(): FakeRow[] {
    return this.ordered().flatMap((item) => {
      const row = rowOf(item.wire);
      return row ? [row] : [];
    });
  }

  get size(): number {
    return this.items.length;
  }

  listRequests(): FakeRequest[] {
    return this.requests.filter((request) => request.kind === "list");
  }

  getRequests(): FakeRequest[] {
    return this.requests.filter((request) => request.kind === "get");
  }

  private find(id: string): StoredItem | undefined {
    const wanted = id.toLowerCase();
    return this.items.find((item) => typeof item.wire.id === "string" && item.wire.id.toLowerCase() === wanted);
  }

  readonly fetch = (async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    signal?.throwIfAborted();
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    if (!url.href.startsWith(`${FAKE_BASE_URL}/`)) throw new TypeError("fetch failed");
    const path = url.pathname.slice(new URL(FAKE_BASE_URL).pathname.length);
    const match = /^\/migrations(?:\/([^/]+))?$/.exec(path);
    if (!match) return error(404, "not_found");
    const rawId = match[1];
    const request: FakeRequest =
      rawId === undefined ? { kind: "list", status: 200 } : { kind: "get", id: decodeURIComponent(rawId), status: 200 };
    this.requests.push(request);
    const answer = (response: Response) => {
      request.status = response.status;
      return response;
    };

    if (headers.get("authorization") !== `Bearer ${FAKE_API_KEY}`) return answer(error(401, "authentication_error"));
    if (this.rateLimited && this.rateLimited.times > 0) {
      this.rateLimited.times--;
      return answer(error(429, "rate_limited", { "Retry-After": this.rateLimited.retryAfter }));
    }
    if (request.kind === "get") return answer(this.getOne(request.id as string));

    const page = positive(url.searchParams.get("page") ?? "1");
    const pageSize = positive(url.searchParams.get("page_size") ?? "10");
    if (page === undefined || pageSize === undefined || pageSize > this.maxPageSize) {
      return answer(error(400, "invalid_request"));
    }
    request.page = page;
    request.pageSize = pageSize;
    const failure = this.pageFailures.get(page);
    if (failure && failure.times > 0) {
      failure.times--;
      return answer(error(failure.status, "server_error"));
    }
    return answer(this.listPage(page, pageSize));
  }) as typeof fetch;

  private listPage(page: number, asked: number): Response {
    const size = this.silentPageSizeCap !== undefined ? Math.min(asked, this.silentPageSizeCap) : asked;
    const all = this.ordered();
    const start = (page - 1) * size;
    const length = this.overlongPages.has(page) ? size + 1 : size;
    const data = all.slice(start, start + length).map((item) => item.wire);
    const body = this.envelope === "array" ? data : { results: data, count: all.length };
    return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
  }

  private getOne(rawId: string): Response {
    const id = rawId.toLowerCase();
    const failure = this.idFailures.get(id);
    if (failure && failure.times > 0) {
      failure.times--;
      return error(failure.status, "server_error");
    }
    if (this.byIdOverrides.has(id)) {
      return new Response(JSON.stringify(this.byIdOverrides.get(id)), {
        status: 200,
        headers: { "Content-Type": "application/json" },
      });
    }
    const item = this.find(id);
    if (!item) return error(404, "not_found");
    return new Response(JSON.stringify(item.wire), { status: 200, headers: { "Content-Type": "application/json" } });
  }

  /** A client on this upstream that never really sleeps (its waits are recorded) and tries once unless told. */
  client(options: Partial<UpstreamClientOptions> = {}): { client: UpstreamClient; sleeps: number[] } {
    const sleeps: number[] = [];
    const client = createUpstreamClient({
      baseUrl: FAKE_BASE_URL,
      apiKey: FAKE_API_KEY,
      fetch: this.fetch,
      maxAttempts: 1,
      backoffBaseMs: 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...options,
    });
    return { client, sleeps };
  }
}

function wireOf(row: FakeRow): Record<string, unknown> {
  return {
    object: "migration",
    id: row.id,
    created: formatNaiveUtcMicros(row.createdUs),
    status: row.status,
    created_by_user_id: row.createdByUserId,
    company_id: row.companyId,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The row a correct mirror keeps for this wire item, or undefined when a correct mirror refuses it. */
function rowOf(wire: Record<string, unknown>): FakeRow | undefined {
  const { id, created, status, created_by_user_id: user, company_id: company } = wire;
  if (typeof id !== "string" || !UUID.test(id)) return undefined;
  if (typeof created !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/.test(created)) return undefined;
  if (typeof status !== "string" || !/^[\x21-\x7e]{1,64}$/.test(status)) return undefined;
  if (typeof user !== "string" || !/^[\x21-\x7e]{1,128}$/.test(user)) return undefined;
  if (company !== null && (typeof company !== "string" || !/^[\x21-\x7e]{1,128}$/.test(company))) return undefined;
  const createdUs = Date.parse(`${created.slice(0, 19)}Z`) * 1000 + Number(created.slice(20));
  return { id, createdUs, status, createdByUserId: user, companyId: company };
}

function positive(raw: string): number | undefined {
  return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : undefined;
}

function error(status: number, type: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { type, message: type } }), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export type HostileKind = "non-uuid-id" | "missing-field" | "huge-strings" | "proto-status";

/**
 * A list item a hostile or broken upstream might send, `created` at `createdUs`. Only "proto-status"
 * is one a mirror keeps (a bounded, printable status, however odd).
 */
export function hostileWire(
  kind: HostileKind,
  createdUs: number,
  id = "10000000-0000-4000-8000-00000000000f",
): Record<string, unknown> {
  const base = {
    object: "migration",
    id,
    created: formatNaiveUtcMicros(createdUs),
    status: "COMPLETE",
    created_by_user_id: "user-1",
    company_id: null,
  };
  const huge = "x".repeat(1024 * 1024);
  switch (kind) {
    case "non-uuid-id":
      return { ...base, id: "../../admin?x=<script>" };
    case "missing-field": {
      const { created: _, ...rest } = base;
      return rest;
    }
    case "huge-strings":
      // Two fields of 1 MB: within the client's body cap, so the row (not the page) is what gets refused.
      return { ...base, status: huge, company_id: huge };
    case "proto-status":
      return { ...base, status: "__proto__" };
  }
}
