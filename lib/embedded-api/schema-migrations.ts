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

  -- One index per filter shape, each in list order (newest first, id as tie-break) and each
  -- holding every column a page returns: a page query walks one index in order, stops after the
  -- page, and never touches the table (no sort step, no row lookups). A combined filter is
  -- checked inside whichever index SQLite picks.
  CREATE INDEX migrations_by_created
    ON migrations (organization_id, created_us DESC, id DESC, status, created_by_user_id, company_id);
  CREATE INDEX migrations_by_status
    ON migrations (organization_id, status, created_us DESC, id DESC, created_by_user_id, company_id);
  CREATE INDEX migrations_by_company
    ON migrations (organization_id, company_id, created_us DESC, id DESC, status, created_by_user_id);
  CREATE INDEX migrations_by_user
    ON migrations (organization_id, created_by_user_id, created_us DESC, id DESC, status, company_id);

  -- Counts per organization and status, kept exact by triggers: an unfiltered or status-filtered
  -- total is a lookup here instead of a count over up to every row.
  CREATE TABLE migration_counts (
    organization_id  TEXT NOT NULL,
    status           TEXT NOT NULL,
    count            INTEGER NOT NULL,
    PRIMARY KEY (organization_id, status)
  ) STRICT, WITHOUT ROWID;

  -- Bumped on every change to an organization's migrations; caches derived from the list
  -- (page anchors) compare it to know they are still valid.
  CREATE TABLE organization_versions (
    organization_id  TEXT PRIMARY KEY,
    version          INTEGER NOT NULL
  ) STRICT, WITHOUT ROWID;

  CREATE TRIGGER migrations_counted_on_insert AFTER INSERT ON migrations BEGIN
    INSERT INTO migration_counts VALUES (NEW.organization_id, NEW.status, 1)
      ON CONFLICT DO UPDATE SET count = count + 1;
    INSERT INTO organization_versions VALUES (NEW.organization_id, 1)
      ON CONFLICT DO UPDATE SET version = version + 1;
  END;

  CREATE TRIGGER migrations_counted_on_delete AFTER DELETE ON migrations BEGIN
    UPDATE migration_counts SET count = count - 1
      WHERE organization_id = OLD.organization_id AND status = OLD.status;
    UPDATE organization_versions SET version = version + 1 WHERE organization_id = OLD.organization_id;
  END;

  CREATE TRIGGER migrations_counted_on_update
  AFTER UPDATE OF status, created_us, organization_id ON migrations BEGIN
    UPDATE migration_counts SET count = count - 1
      WHERE organization_id = OLD.organization_id AND status = OLD.status;
    INSERT INTO migration_counts VALUES (NEW.organization_id, NEW.status, 1)
      ON CONFLICT DO UPDATE SET count = count + 1;
    UPDATE organization_versions SET version = version + 1
      WHERE organization_id IN (OLD.organization_id, NEW.organization_id);
  END;
  `,
  `
  -- Signed webhooks waiting to be delivered (the simulator writes them in the same transaction
  -- as the change they report); a row leaves once delivered, or given up after its last retry.
  CREATE TABLE webhook_outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT NOT NULL UNIQUE,
    payload          TEXT NOT NULL,
    created_us       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_ms  INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_ms, id);
  `,
];
