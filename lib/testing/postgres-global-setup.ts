/**
 * Vitest global setup: one throw-away PostgreSQL cluster per test run, handed to the workers with
 * `provide` (see lib/testing/postgres.ts), stopped at teardown. TEST_DATABASE_URL instead names an
 * existing server to use (its user must be allowed to CREATE DATABASE).
 *
 * Without PostgreSQL installed the PostgreSQL variants of the database tests are skipped, with the
 * reason printed, except under CI: there a missing engine fails the run instead of hiding tests.
 */
import type { TestProject } from "vitest/node";
import { findPostgresBin, startPostgresCluster } from "../../scripts/postgres-cluster.mjs";
import type { TestPostgres } from "./postgres";

function inCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const provide = (value: TestPostgres) => project.provide("testPostgres", value);
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) {
    provide({ adminUrl: given });
    return undefined;
  }

  const bin = findPostgresBin();
  if (!bin) {
    const missing = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)";
    const remedy =
      "Install Debian's `postgresql` package (apt-get install postgresql), or set TEST_DATABASE_URL to a " +
      "server where that user may CREATE DATABASE.";
    if (inCi()) {
      throw new Error(
        `${missing}: under CI the database tests' PostgreSQL variants must run, not be skipped. ${remedy}`,
      );
    }
    console.warn(`\n${missing}: the database tests' PostgreSQL variants are skipped. ${remedy}\n`);
    provide({ unavailable: `${missing}.` });
    return undefined;
  }

  let cluster: Awaited<ReturnType<typeof startPostgresCluster>>;
  try {
    cluster = await startPostgresCluster({ bin });
  } catch (error) {
    // Installed but not startable is a broken machine, not a missing engine: never skipped.
    throw new Error(
      `PostgreSQL is installed (${bin}) but the test cluster did not start: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  // An interrupted run may never reach the teardown; stop() is synchronous and idempotent.
  process.once("exit", cluster.stop);
  provide({ adminUrl: cluster.url });
  return () => {
    process.off("exit", cluster.stop);
    cluster.stop();
  };
}
