/**
 * Schema changes, applied in order on every start. PRAGMA user_version records how many ran,
 * so a change is never applied twice. Append only: never edit a step that has shipped.
 */
export const SCHEMA_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE organizations (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_us  INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE api_keys (
    id               INTEGER PRIMARY KEY,
    organization_id  TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    prefix           TEXT NOT NULL,
    key_hash         BLOB NOT NULL UNIQUE,
    label            TEXT,
    created_us       INTEGER NOT NULL,
    revoked_us       INTEGER
  ) STRICT;
  CREATE INDEX api_keys_by_prefix ON api_keys (prefix);

  CREATE TABLE migrations (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_us          INTEGER NOT NULL,
    status              TEXT NOT NULL,
    created_by_user_id  TEXT NOT NULL,
    company_id          TEXT,
    updated_us          INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  -- One index per filter shape, each ending in the list order, so that every page query
  -- walks an index in order and stops after the page (no sort step, no table scan).
  CREATE INDEX migrations_by_created ON migrations (organization_id, created_us DESC, id DESC);
  CREATE INDEX migrations_by_status ON migrations (organization_id, status, created_us DESC, id DESC);
  CREATE INDEX migrations_by_company ON migrations (organization_id, company_id, created_us DESC, id DESC);
  CREATE INDEX migrations_by_user ON migrations (organization_id, created_by_user_id, created_us DESC, id DESC);
  `,
];
