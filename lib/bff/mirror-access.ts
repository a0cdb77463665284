import "server-only";
import type { Kysely } from "kysely";
import { appDatabase } from "@/lib/db/connection";
import type { AppSchema } from "@/lib/db/schema";
import { readThrough } from "@/lib/sync/read-through";
import { configuredUpstream } from "@/lib/upstream/configured-upstream";
import type { DetailSources } from "./detail-view";

/** The app database for the views. */
export async function mirrorDatabase(): Promise<Kysely<AppSchema>> {
  return (await appDatabase()).db;
}

/** The detail view's sources: the mirror, and a read-through within the request budget. */
export async function detailSources(): Promise<DetailSources> {
  const db = await mirrorDatabase();
  return { db, readThrough: (id) => readThrough(db, configuredUpstream().client, id) };
}
