import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { MigrationRecord } from "./migrations-store";
import { type Random, randomHex, randomInt, randomUuid, seededRandom, weightedPick } from "./random";

export interface DemoDataOptions {
  migrations: number;
  companies: number;
  users: number;
  seed: number;
  /** The end of the generated period; with a fixed `now` the output is identical run to run. */
  now: Date;
  days: number;
  organizations: ReadonlyArray<{ name: string; weight: number }>;
}

export const DEMO_ORGANIZATION = "demo";

export const DEFAULT_DEMO_DATA: Omit<DemoDataOptions, "now"> = {
  migrations: 2500,
  companies: 40,
  users: 200,
  seed: 42,
  days: 90,
  organizations: [
    { name: DEMO_ORGANIZATION, weight: 0.8 },
    { name: "acme", weight: 0.12 },
    { name: "globex", weight: 0.08 },
  ],
};

export type DemoMigration = Omit<MigrationRecord, "organizationId"> & { organization: string };

const HOUR_US = 3_600_000_000;
const DAY_US = 24 * HOUR_US;

/** Recent migrations are often still running; old ones have mostly finished, a few are stuck. */
function statusForAge(random: Random, ageUs: number): DocumentedStatus {
  if (ageUs < HOUR_US) {
    return weightedPick<DocumentedStatus>(random, [
      ["NOT_STARTED", 15],
      ["WORKING", 45],
      ["PENDING_USER_INPUT", 20],
      ["COMPLETE", 15],
      ["FAILED", 3],
      ["COMPLETED_WITH_FAILURES", 2],
    ]);
  }
  if (ageUs < DAY_US) {
    return weightedPick<DocumentedStatus>(random, [
      ["NOT_STARTED", 3],
      ["WORKING", 10],
      ["PENDING_USER_INPUT", 12],
      ["COMPLETE", 60],
      ["FAILED", 8],
      ["COMPLETED_WITH_FAILURES", 7],
    ]);
  }
  return weightedPick<DocumentedStatus>(random, [
    ["NOT_STARTED", 1],
    ["WORKING", 0.5],
    ["PENDING_USER_INPUT", 2],
    ["COMPLETE", 81.5],
    ["FAILED", 8],
    ["COMPLETED_WITH_FAILURES", 7],
  ]);
}

interface EndUser {
  id: string;
  organization: string;
  companyId: string | null;
  /** How active this user is, relative to others (a few users start most migrations). */
  weight: number;
}

function makeEndUsers(random: Random, options: DemoDataOptions): EndUser[] {
  const orgWeights = options.organizations.map((o) => [o.name, o.weight] as const);
  const companies = Array.from({ length: options.companies }, (_, i) => ({
    id: randomHex(random, 16),
    // Every organization gets at least one company before the rest are shared out by weight.
    organization: options.organizations[i]?.name ?? weightedPick(random, orgWeights),
  }));
  return Array.from({ length: options.users }, (_, i) => {
    const organization = options.organizations[i]?.name ?? weightedPick(random, orgWeights);
    const ownCompanies = companies.filter((c) => c.organization === organization);
    // About one user in twenty has no company: the provider allows company_id to be null.
    const companyId =
      ownCompanies.length === 0 || random() < 0.05
        ? null
        : (ownCompanies[randomInt(random, ownCompanies.length)]?.id ?? null);
    return { id: randomHex(random, 16), organization, companyId, weight: 1 / (1 + randomInt(random, 20)) };
  });
}

/** Generates demo migrations: deterministic for the same options, spread over `days` with more recent activity. */
export function generateDemoMigrations(options: DemoDataOptions): DemoMigration[] {
  const random = seededRandom(options.seed);
  const users = makeEndUsers(random, options);
  const usersByOrg = new Map<string, Array<readonly [EndUser, number]>>();
  for (const user of users) {
    const list = usersByOrg.get(user.organization) ?? [];
    list.push([user, user.weight]);
    usersByOrg.set(user.organization, list);
  }
  const orgWeights = options.organizations
    .filter((o) => usersByOrg.has(o.name))
    .map((o) => [o.name, o.weight] as const);
  const nowUs = options.now.getTime() * 1000;
  const spanUs = options.days * DAY_US;

  return Array.from({ length: options.migrations }, () => {
    const organization = weightedPick(random, orgWeights);
    const user = weightedPick(random, usersByOrg.get(organization) ?? []);
    const ageUs = Math.floor(spanUs * random() ** 1.6);
    return {
      id: randomUuid(random),
      organization,
      createdUs: nowUs - ageUs,
      status: statusForAge(random, ageUs),
      createdByUserId: user.id,
      companyId: user.companyId,
    };
  });
}
