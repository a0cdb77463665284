import "server-only";
import { type EmbeddedApiContext, getMigration, listMigrations, methodNotAllowed } from "@/lib/embedded-api/handlers";
import { EMBEDDED_BASE_URL } from "./config";

/**
 * A fetch that serves EMBEDDED_BASE_URL from the embedded Migrations API's handlers, in process.
 * The upstream client runs unchanged on top of it (headers, JSON parsing, tolerant reader, error
 * mapping), so embedded mode exercises the same code as a real upstream.
 */

const BASE = new URL(`${EMBEDDED_BASE_URL}/`);

function notFoundResponse(): Response {
  return Response.json(
    { error: { type: "not_found", message: "No such endpoint." } },
    { status: 404, headers: { "Cache-Control": "no-store" } },
  );
}

function signalOf(input: RequestInfo | URL, init?: RequestInit): AbortSignal | undefined {
  return init?.signal ?? (input instanceof Request ? input.signal : undefined) ?? undefined;
}

export function createEmbeddedFetch(context: EmbeddedApiContext): typeof fetch {
  async function embeddedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    signalOf(input, init)?.throwIfAborted();
    const request = new Request(input, init);
    const url = new URL(request.url);
    const inside = url.pathname.startsWith(BASE.pathname) || `${url.pathname}/` === BASE.pathname;
    if (url.origin !== BASE.origin || !inside) {
      // Like a host that cannot be reached: this fetch serves nothing else.
      throw new TypeError("The embedded Migrations API serves only its own base URL.");
    }
    const path = url.pathname.slice(BASE.pathname.length);
    const match = /^migrations(?:\/([^/]+))?\/?$/.exec(path);
    if (!match) return notFoundResponse();
    if (request.method !== "GET") return methodNotAllowed();
    const rawId = match[1];
    if (rawId === undefined) return listMigrations(request, context);
    let id: string;
    try {
      id = decodeURIComponent(rawId);
    } catch {
      return notFoundResponse();
    }
    return getMigration(request, id, context);
  }
  return embeddedFetch as typeof fetch;
}
