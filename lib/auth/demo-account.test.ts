import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { DEMO_ORGANIZATION } from "@/lib/embedded-api/demo-data";
import { makeOrg, memoryDatabase } from "@/lib/embedded-api/testing";
import { isDemoAccountEnabled, listensOnLoopbackOnly } from "./demo-account";

const globalForDatabase = globalThis as typeof globalThis & { __embeddedDatabase?: EmbeddedDatabase };
const savedUrl = process.env.MIGRATIONS_API_URL;
let db: EmbeddedDatabase;
let demoKey: string;
let otherKey: string;

beforeAll(() => {
  delete process.env.MIGRATIONS_API_URL;
  db = memoryDatabase();
  demoKey = makeOrg(db, DEMO_ORGANIZATION).key;
  otherKey = makeOrg(db, "acme").key;
  globalForDatabase.__embeddedDatabase = db;
});

afterAll(() => {
  globalForDatabase.__embeddedDatabase = undefined;
  db.close();
  if (savedUrl === undefined) delete process.env.MIGRATIONS_API_URL;
  else process.env.MIGRATIONS_API_URL = savedUrl;
});

describe("isDemoAccountEnabled", () => {
  it("is on for the embedded demo data on loopback (the default of npm start)", () => {
    expect(isDemoAccountEnabled({})).toBe(true);
    expect(isDemoAccountEnabled({ BIND_HOST: "127.0.0.1" })).toBe(true);
    expect(isDemoAccountEnabled({ BIND_HOST: "::1" })).toBe(true);
    expect(isDemoAccountEnabled({ MIGRATIONS_API_KEY: demoKey })).toBe(true);
  });

  it("is off on the network unless AUTH_DEMO_ACCOUNT=on", () => {
    expect(listensOnLoopbackOnly({ BIND_HOST: "0.0.0.0" })).toBe(false);
    expect(isDemoAccountEnabled({ BIND_HOST: "0.0.0.0" })).toBe(false);
    expect(isDemoAccountEnabled({ BIND_HOST: "10.1.2.3" })).toBe(false);
    expect(isDemoAccountEnabled({ BIND_HOST: "0.0.0.0", AUTH_DEMO_ACCOUNT: "on" })).toBe(true);
  });

  it("is off whenever AUTH_DEMO_ACCOUNT=off, and refuses another value", () => {
    expect(isDemoAccountEnabled({ AUTH_DEMO_ACCOUNT: "off" })).toBe(false);
    expect(() => isDemoAccountEnabled({ AUTH_DEMO_ACCOUNT: "yes" })).toThrow("AUTH_DEMO_ACCOUNT");
  });

  it("is off when the key belongs to another organization (or to none), even when switched on", () => {
    expect(isDemoAccountEnabled({ MIGRATIONS_API_KEY: otherKey })).toBe(false);
    expect(isDemoAccountEnabled({ MIGRATIONS_API_KEY: otherKey, AUTH_DEMO_ACCOUNT: "on" })).toBe(false);
    expect(isDemoAccountEnabled({ MIGRATIONS_API_KEY: "anon_not-a-key-of-anyone-at-all-000000" })).toBe(false);
  });

  it("is off with a real upstream configured", () => {
    process.env.MIGRATIONS_API_URL = "https://migrations.example.com/api/v1";
    try {
      expect(isDemoAccountEnabled({ AUTH_DEMO_ACCOUNT: "on" })).toBe(false);
    } finally {
      delete process.env.MIGRATIONS_API_URL;
    }
  });
});
