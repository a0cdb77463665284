import "server-only";
import { randomBytes } from "node:crypto";
import type { EmbeddedDatabase } from "./database";

export interface Organization {
  id: string;
  name: string;
}

export function findOrganizationByName(db: EmbeddedDatabase, name: string): Organization | undefined {
  return db.prepare("SELECT id, name FROM organizations WHERE name = ?").get(name) as Organization | undefined;
}

/** Returns the organization with this name, creating it when it does not exist yet. */
export function ensureOrganization(db: EmbeddedDatabase, name: string, now = new Date()): Organization {
  const trimmed = name.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/.test(trimmed)) {
    throw new Error(
      `invalid organization name "${name}": 1-64 letters, digits, spaces, "_", "." or "-", starting with a letter or digit`,
    );
  }
  const existing = findOrganizationByName(db, trimmed);
  if (existing) return existing;
  const organization = { id: `org_${randomBytes(8).toString("hex")}`, name: trimmed };
  db.prepare("INSERT INTO organizations (id, name, created_us) VALUES (?, ?, ?)").run(
    organization.id,
    organization.name,
    now.getTime() * 1000,
  );
  return organization;
}

export function listOrganizations(db: EmbeddedDatabase): Array<Organization & { migrations: number }> {
  return db
    .prepare(
      `SELECT o.id, o.name, (SELECT COUNT(*) FROM migrations m WHERE m.organization_id = o.id) AS migrations
       FROM organizations o ORDER BY o.name`,
    )
    .all() as Array<Organization & { migrations: number }>;
}
