import "server-only";
import { parseArgs } from "node:util";
import { z } from "zod";
import { type CliIo, EXIT } from "@/lib/cli/io";
import type { EmbeddedDatabase } from "../database";
import { DEFAULT_DEMO_DATA } from "../demo-data";
import { countAllMigrations } from "../migrations-store";
import { seedDatabase } from "../seed-database";

export const SEED_USAGE = `Usage:
  npm run seed -- [--migrations 2500] [--companies 40] [--users 200] [--seed 42] [--days 90] [--now <ISO time>] [--reset]

Fills the embedded API's database with demo migrations. The same options (with --now) give the same data.
A database that already holds migrations is left alone unless --reset is given, which deletes its migrations
first (organizations and API keys are kept).`;

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const seedOptionsSchema = z.object({
  migrations: count(1_000_000).default(DEFAULT_DEMO_DATA.migrations),
  companies: count(100_000).default(DEFAULT_DEMO_DATA.companies),
  users: count(1_000_000).default(DEFAULT_DEMO_DATA.users),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(DEFAULT_DEMO_DATA.seed),
  days: count(3650).default(DEFAULT_DEMO_DATA.days),
  now: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  reset: z.boolean().default(false),
});

/** Seeds demo data. Returns the process exit code. */
export function runSeedCli(argv: readonly string[], db: EmbeddedDatabase, io: CliIo): number {
  let options: z.infer<typeof seedOptionsSchema>;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        migrations: { type: "string" },
        companies: { type: "string" },
        users: { type: "string" },
        seed: { type: "string" },
        days: { type: "string" },
        now: { type: "string" },
        reset: { type: "boolean" },
      },
      strict: true,
    });
    const result = seedOptionsSchema.safeParse(values);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`--${String(issue?.path[0] ?? "?")}: ${issue?.message ?? "invalid"}`);
    }
    options = result.data;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${SEED_USAGE}`);
    return EXIT.usage;
  }

  const existing = countAllMigrations(db);
  if (existing > 0 && !options.reset) {
    io.err(`The database already holds ${existing} migrations; nothing was changed. Add --reset to replace them.`);
    return EXIT.failed;
  }
  const { reset: _reset, now, ...rest } = options;
  const seeded = db.transaction(() => {
    db.exec("DELETE FROM migrations");
    return seedDatabase(db, { ...DEFAULT_DEMO_DATA, ...rest, now: now ?? new Date() });
  })();
  io.out(
    `Seeded ${seeded} migrations (${options.companies} companies, ${options.users} users, seed ${options.seed}) into ${DEFAULT_DEMO_DATA.organizations.map((o) => o.name).join(", ")}.`,
  );
  return EXIT.ok;
}
