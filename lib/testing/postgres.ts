/**
 * The PostgreSQL side of the unit tests, in the test workers: the server the global setup started
 * (lib/testing/postgres-global-setup.ts), and a fresh database on it per caller. Never import this
 * from production code.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** What the global setup hands the workers: a server to create databases on, or why there is none. */
export type TestPostgres = { adminUrl: string } | { unavailable: string };

declare module "vitest" {
  export interface ProvidedContext {
    testPostgres: TestPostgres;
  }
}

function provided(): TestPostgres {
  // Undefined when a config without the global setup runs the tests.
  return (
    (inject("testPostgres") as TestPostgres | undefined) ?? {
      unavailable: "vitest.config.mts's PostgreSQL global setup did not run.",
    }
  );
}

/** Why the PostgreSQL variants cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  const server = provided();
  return "unavailable" in server ? server.unavailable : undefined;
}

async function withAdminClient<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  /** Drops the database, closing whatever connections are still open on it. */
  drop(): Promise<void>;
}

/**
 * A new, empty database with a random name on the test server, so that test files (and the tests in
 * them) never see each other's rows and can run in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = provided();
  if ("unavailable" in server) throw new Error(server.unavailable);
  const name = `test_${randomBytes(8).toString("hex")}`;
  await withAdminClient(server.adminUrl, async (client) => {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    // Since PostgreSQL 15 the default copies the template through the WAL: several times slower
    // for a database this small, and durability means nothing to a throw-away one.
    const strategy = Number(rows[0]?.server_version_num) >= 150_000 ? " STRATEGY = FILE_COPY" : "";
    await client.query(`CREATE DATABASE ${name}${strategy}`);
  });
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      await withAdminClient(server.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
