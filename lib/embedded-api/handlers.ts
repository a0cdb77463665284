import "server-only";
import { errorFields, log } from "@/lib/logging/log";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { ApiError, notFound } from "./api-error";
import { authenticateApiKey } from "./api-keys";
import type { MigrationList, MigrationResource } from "./contract";
import type { EmbeddedDatabase } from "./database";
import { parseListQuery } from "./list-query";
import { countMigrations, findMigration, listMigrationPage } from "./migrations-store";
import type { Organization } from "./organizations";

export interface EmbeddedApiContext {
  db: EmbeddedDatabase;
  /** Offer exactly the documented contract: no filter extensions. */
  strict: boolean;
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) return json(error.toBody(), error.status, error.headers);
  // The cause is for the server log only; the client learns nothing about internals.
  log("error", "embedded_api_error", errorFields(error));
  return json({ error: { type: "internal_error", message: "Internal error." } }, 500);
}

function authenticate(request: Request, db: EmbeddedDatabase): Organization {
  const header = request.headers.get("authorization");
  const challenge = { "WWW-Authenticate": 'Bearer realm="migrations-api"' };
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) {
    throw new ApiError(
      401,
      "authentication_error",
      "Missing API key. Send it as 'Authorization: Bearer <key>'.",
      undefined,
      challenge,
    );
  }
  const organization = authenticateApiKey(db, match[1]);
  if (!organization) {
    throw new ApiError(401, "authentication_error", "Invalid or revoked API key.", undefined, challenge);
  }
  return organization;
}

/** Runs a handler body and turns any thrown ApiError into the error envelope. */
async function respond(body: () => Response): Promise<Response> {
  try {
    return body();
  } catch (error) {
    return errorResponse(error);
  }
}

export function listMigrations(request: Request, context: EmbeddedApiContext): Promise<Response> {
  return respond(() => {
    const organization = authenticate(request, context.db);
    const { page, filters } = parseListQuery(new URL(request.url).searchParams, { strict: context.strict });
    const data = listMigrationPage(context.db, organization.id, filters, page);
    const total = countMigrations(context.db, organization.id, filters);
    const list: MigrationList = {
      object: "list",
      data,
      page: page.page,
      page_size: page.pageSize,
      total,
      has_more: page.page * page.pageSize < total,
    };
    return json(list);
  });
}

export function getMigration(request: Request, rawId: string, context: EmbeddedApiContext): Promise<Response> {
  return respond(() => {
    const organization = authenticate(request, context.db);
    // Malformed, unknown and other organizations' ids all get the same 404: nothing leaks.
    if (!isMigrationId(rawId)) throw notFound();
    const migration: MigrationResource | undefined = findMigration(context.db, organization.id, rawId.toLowerCase());
    if (!migration) throw notFound();
    return json(migration);
  });
}

export function methodNotAllowed(): Response {
  return json({ error: { type: "method_not_allowed", message: "Only GET is supported here." } }, 405, {
    Allow: "GET",
  });
}
