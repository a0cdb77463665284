import "server-only";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { EmbeddedDatabase } from "./database";
import type { Organization } from "./organizations";

const KEY_PREFIX = "anon_";
/** 24 random bytes are 32 url-safe base64 characters: 192 bits of entropy. */
const KEY_RANDOM_BYTES = 24;
/** How much of a key is kept in clear to tell keys apart in listings. */
const VISIBLE_PREFIX_LENGTH = KEY_PREFIX.length + 8;
const KEY_PATTERN = /^anon_[A-Za-z0-9_-]{32,128}$/;

export interface ApiKeySummary {
  prefix: string;
  organization: string;
  label: string | null;
  createdUs: number;
  revokedUs: number | null;
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(KEY_RANDOM_BYTES).toString("base64url");
}

export function hashApiKey(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}

export function visiblePrefix(key: string): string {
  return key.slice(0, VISIBLE_PREFIX_LENGTH);
}

/** Creates a key for an organization. The full key is returned once; only its hash is stored. */
export function createApiKey(
  db: EmbeddedDatabase,
  organization: Organization,
  label: string | null = null,
  now = new Date(),
): { key: string; prefix: string } {
  const key = generateApiKey();
  db.prepare("INSERT INTO api_keys (organization_id, prefix, key_hash, label, created_us) VALUES (?, ?, ?, ?, ?)").run(
    organization.id,
    visiblePrefix(key),
    hashApiKey(key),
    label,
    now.getTime() * 1000,
  );
  return { key, prefix: visiblePrefix(key) };
}

export function listApiKeys(db: EmbeddedDatabase): ApiKeySummary[] {
  return db
    .prepare(
      `SELECT k.prefix, o.name AS organization, k.label, k.created_us AS createdUs, k.revoked_us AS revokedUs
       FROM api_keys k JOIN organizations o ON o.id = k.organization_id
       ORDER BY o.name, k.created_us`,
    )
    .all() as ApiKeySummary[];
}

/** Revokes every active key with this visible prefix; returns how many were revoked. */
export function revokeApiKey(db: EmbeddedDatabase, prefix: string, now = new Date()): number {
  return db
    .prepare("UPDATE api_keys SET revoked_us = ? WHERE prefix = ? AND revoked_us IS NULL")
    .run(now.getTime() * 1000, prefix).changes;
}

type KeyRow = { key_hash: Buffer; organization_id: string; name: string; revoked_us: number | null };

/**
 * The organization an API key belongs to, or undefined for a malformed, unknown or revoked key.
 * Rows are found by the visible prefix and the hashes compared in constant time, so response
 * timing does not reveal how much of a guessed key was right.
 */
export function authenticateApiKey(db: EmbeddedDatabase, key: string): Organization | undefined {
  if (!KEY_PATTERN.test(key)) return undefined;
  const presented = hashApiKey(key);
  const rows = db
    .prepare(
      `SELECT k.key_hash, k.organization_id, o.name, k.revoked_us
       FROM api_keys k JOIN organizations o ON o.id = k.organization_id
       WHERE k.prefix = ?`,
    )
    .all(visiblePrefix(key)) as KeyRow[];
  let match: Organization | undefined;
  for (const row of rows) {
    if (timingSafeEqual(row.key_hash, presented) && row.revoked_us === null) {
      match = { id: row.organization_id, name: row.name };
    }
  }
  return match;
}
