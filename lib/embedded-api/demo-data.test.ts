import { describe, expect, it } from "vitest";
import { DEFAULT_DEMO_DATA, type DemoDataOptions, generateDemoMigrations } from "./demo-data";
import { countAllMigrations, listMigrationPage } from "./migrations-store";
import { findOrganizationByName } from "./organizations";
import { seedDatabase } from "./seed-database";
import { ALL_STATUSES, memoryDatabase } from "./testing";

const NOW = new Date("2025-12-02T23:51:49.807Z");
const DAY_US = 86_400_000_000;

const options: DemoDataOptions = {
  migrations: 600,
  companies: 12,
  users: 80,
  seed: 42,
  now: NOW,
  days: 30,
  organizations: [
    { name: "demo", weight: 0.7 },
    { name: "acme", weight: 0.2 },
    { name: "globex", weight: 0.1 },
  ],
};

describe("generateDemoMigrations", () => {
  it("is deterministic for the same options and fixed now", () => {
    const first = generateDemoMigrations(options);
    const second = generateDemoMigrations({ ...options, now: new Date(NOW.getTime()) });
    expect(second).toEqual(first);
  });

  it("a different seed gives different data", () => {
    const first = generateDemoMigrations(options);
    const other = generateDemoMigrations({ ...options, seed: 43 });
    expect(other).not.toEqual(first);
    const firstIds = new Set(first.map((m) => m.id));
    expect(other.filter((m) => firstIds.has(m.id))).toEqual([]);
  });

  it("respects the requested count, with unique UUIDs", () => {
    for (const migrations of [0, 1, 17, 600]) {
      const generated = generateDemoMigrations({ ...options, migrations });
      expect(generated).toHaveLength(migrations);
      expect(new Set(generated.map((m) => m.id)).size).toBe(migrations);
      for (const m of generated) {
        expect(m.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
    }
  });

  it("uses only the six documented statuses, all of them, and some null company_id", () => {
    const generated = generateDemoMigrations(options);
    const statuses = new Set(generated.map((m) => m.status));
    for (const status of statuses) expect(ALL_STATUSES).toContain(status);
    expect([...statuses].sort()).toEqual([...ALL_STATUSES].sort());
    const nulls = generated.filter((m) => m.companyId === null).length;
    expect(nulls).toBeGreaterThan(0);
    expect(nulls).toBeLessThan(generated.length);
    for (const m of generated) {
      expect(m.createdByUserId).toMatch(/^[0-9a-f]{16}$/);
      if (m.companyId !== null) expect(m.companyId).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("the default options also produce null company_ids", () => {
    const generated = generateDemoMigrations({ ...DEFAULT_DEMO_DATA, now: NOW });
    expect(generated).toHaveLength(DEFAULT_DEMO_DATA.migrations);
    expect(generated.some((m) => m.companyId === null)).toBe(true);
  });

  it("created lies within `days` before `now`, never after", () => {
    const nowUs = NOW.getTime() * 1000;
    for (const days of [1, 30]) {
      const generated = generateDemoMigrations({ ...options, days });
      for (const m of generated) {
        expect(Number.isSafeInteger(m.createdUs)).toBe(true);
        expect(m.createdUs).toBeLessThanOrEqual(nowUs);
        expect(m.createdUs).toBeGreaterThan(nowUs - days * DAY_US);
      }
    }
  });

  it("every organization gets migrations; a user and a company belong to one organization", () => {
    const generated = generateDemoMigrations(options);
    expect(new Set(generated.map((m) => m.organization))).toEqual(new Set(["demo", "acme", "globex"]));
    const orgOfUser = new Map<string, string>();
    const orgOfCompany = new Map<string, string>();
    for (const m of generated) {
      expect(orgOfUser.get(m.createdByUserId) ?? m.organization).toBe(m.organization);
      orgOfUser.set(m.createdByUserId, m.organization);
      if (m.companyId !== null) {
        expect(orgOfCompany.get(m.companyId) ?? m.organization).toBe(m.organization);
        orgOfCompany.set(m.companyId, m.organization);
      }
    }
  });
});

describe("seedDatabase", () => {
  function snapshot(db: ReturnType<typeof memoryDatabase>) {
    return Object.fromEntries(
      options.organizations.map(({ name }) => {
        const org = findOrganizationByName(db, name);
        expect(org, name).toBeDefined();
        return [name, listMigrationPage(db, org?.id as string, {}, { page: 1, pageSize: 1_000_000 })];
      }),
    );
  }

  it("writes exactly the generated migrations and returns the count", () => {
    const db = memoryDatabase();
    expect(seedDatabase(db, options)).toBe(600);
    expect(countAllMigrations(db)).toBe(600);
    const stored = snapshot(db);
    const generated = generateDemoMigrations(options);
    for (const { name } of options.organizations) {
      const expected = generated.filter((m) => m.organization === name);
      const rows = stored[name] ?? [];
      expect(rows).toHaveLength(expected.length);
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const m of expected) {
        expect(byId.get(m.id)).toMatchObject({
          status: m.status,
          created_by_user_id: m.createdByUserId,
          company_id: m.companyId,
        });
      }
    }
  });

  it("the same options give identical databases; another seed a different one", () => {
    const one = memoryDatabase();
    const two = memoryDatabase();
    const three = memoryDatabase();
    seedDatabase(one, options);
    seedDatabase(two, options);
    seedDatabase(three, { ...options, seed: 7 });
    expect(snapshot(two)).toEqual(snapshot(one));
    expect(snapshot(three)).not.toEqual(snapshot(one));
  });

  it("respects the requested count", () => {
    const db = memoryDatabase();
    expect(seedDatabase(db, { ...options, migrations: 37 })).toBe(37);
    expect(countAllMigrations(db)).toBe(37);
  });
});
