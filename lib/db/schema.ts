import type { Generated } from "kysely";

/**
 * The app's own tables (not the embedded Migrations API's: those live in their own file and are
 * the upstream, which this side only reads over HTTP). Times are whole milliseconds since the epoch
 * (`*_ms`), `created_us` microseconds so that the upstream's order survives exactly; both fit in a
 * JavaScript number until the year 2255.
 */
export interface AppSchema {
  mirror_migrations: MirrorMigrationTable;
  mirror_status_changes: MirrorStatusChangeTable;
  mirror_status_counts: MirrorStatusCountTable;
  mirror_owner_status_counts: MirrorOwnerStatusCountTable;
  mirror_touches: MirrorTouchTable;
  sync_state: SyncStateTable;
  leases: LeaseTable;
  revoked_sessions: RevokedSessionTable;
  sign_in_failures: SignInFailureTable;
  alerts: AlertTable;
  alert_deliveries: AlertDeliveryTable;
  webhook_events: WebhookEventTable;
  directory_companies: DirectoryCompanyTable;
  directory_users: DirectoryUserTable;
  saved_views: SavedViewTable;
}

/** One migration as the upstream last listed it, with when this app first and last saw it. */
export interface MirrorMigrationTable {
  id: string;
  /** The six fields as sent: `object`, `id`, `created` (raw), `status`, `created_by_user_id`, `company_id`. */
  object: string;
  created_raw: string;
  status: string;
  created_by_user_id: string;
  company_id: string | null;
  /** `created` parsed: microseconds since the epoch, UTC. */
  created_us: number;
  first_seen_ms: number;
  last_seen_ms: number;
  /** When the current status was first observed; null when it already had it at first sight. */
  status_since_ms: number | null;
  /**
   * How it was first seen ("sync" or "read-through") when that first sighting is implied rather than
   * a history row: then the history starts with an implied change from nothing to the status it had
   * (see statusHistory). Null for rows whose first sighting is a history row of its own.
   */
  first_seen_source: string | null;
  /** The full walk (backfill or reconciliation) that last saw this row. */
  walk_generation: number;
  /**
   * Why it failed (or partly failed), as a webhook reported it; null when no webhook said. The
   * Migrations API's own resource has no such field: only webhooks bring it.
   */
  error_message: string | null;
}

/** Every status change observed: the migration's history as this app saw it. */
export interface MirrorStatusChangeTable {
  id: Generated<number>;
  migration_id: string;
  /** Null on a first observation (one written out: see MirrorMigrationTable.first_seen_source). */
  from_status: string | null;
  /** Null when the migration disappeared from the upstream. */
  to_status: string | null;
  observed_ms: number;
  /** How it was observed: "sync", "read-through" or "webhook". */
  source: string;
  /** The reason a webhook gave with this change (a failure); null otherwise. */
  error_message: string | null;
}

/** Migrations per status over the whole mirror, kept in the same transaction as every write. */
export interface MirrorStatusCountTable {
  status: string;
  count: number;
}

/** Migrations per status of one company or one user, kept like the whole mirror's counts. */
export interface MirrorOwnerStatusCountTable {
  owner_kind: "company" | "user";
  owner_id: string;
  status: string;
  count: number;
}

/**
 * One row per write that moved rows in list order (inserted, removed, or changed a filtered field),
 * with the oldest `created` it touched. A cached deep-page anchor older than every later touch is
 * still exact, so deep pages can start from it instead of skipping rows one by one.
 */
export interface MirrorTouchTable {
  seq: Generated<number>;
  min_created_us: number;
  at_ms: number;
}

/**
 * Small JSON documents by key: the sync engine's (cursor, schedule, progress, recent errors) under
 * "sync", the alerts' (when they started watching, how far they have looked) under "alerts".
 */
export interface SyncStateTable {
  key: string;
  value: string;
  updated_ms: number;
}

/** Leader election: the instance holding an unexpired lease does the work of that name. */
export interface LeaseTable {
  name: string;
  holder: string;
  expires_ms: number;
}

export interface RevokedSessionTable {
  session_id: string;
  expires_ms: number;
}

export interface SignInFailureTable {
  id: Generated<number>;
  throttle_key: string;
  at_ms: number;
}

/**
 * One alert that fired: a rule matched a migration (lib/alerts/rules.ts). Unique on migration and
 * rule, so each fires once, whichever instance evaluates and however often.
 */
export interface AlertTable {
  id: Generated<number>;
  migration_id: string;
  /** The rule's name: failed, completed_with_failures, pending_user_input, may_be_stuck. */
  rule: string;
  /** The migration's status and owners when it fired (the message and the page show these). */
  status: string;
  company_id: string | null;
  created_by_user_id: string;
  /** When the condition began: the status was observed (or first seen), or the basis of a time rule. */
  since_ms: number;
  /**
   * What since_ms is: "status" (its status was observed to begin then), "first_seen" (first seen,
   * already in that status) or "created" (a time rule measured from creation: the status's start unknown).
   */
  since_kind: string;
  fired_ms: number;
  /** Why it failed, when something reported a reason; null otherwise (the Migrations API sends none). */
  reason: string | null;
}

/** One alert's delivery to one target (slack or email), with its retries. */
export interface AlertDeliveryTable {
  id: Generated<number>;
  alert_id: number;
  /** "slack" or "email". */
  target: string;
  /** "pending" (not yet delivered: first try or retrying), "delivered" or "gave_up". */
  state: string;
  attempts: number;
  /** When it is due (again); while one instance sends it, a little later (its claim). Null once done. */
  next_attempt_ms: number | null;
  last_attempt_ms: number | null;
  delivered_ms: number | null;
  /** What went wrong on the last try, in words fit for the page (never a URL or a password). */
  last_error: string | null;
  /** How many alerts the message that last carried it listed: 1 alone, more in a digest. */
  batch_size: number | null;
}

/**
 * Every signed webhook event received, by the provider's event id (unique: a repeated delivery is
 * recognised and answered without doing anything twice), kept until it has been applied to the
 * mirror and for a while after, so that late repeats are still recognised.
 */
export interface WebhookEventTable {
  /** The event's own `id` (`evt_…`), as sent. */
  event_id: string;
  /** `migration.created`, `migration.started`, `migration.completed` or `migration.failed`. */
  type: string;
  /** Lower case, like the mirror's ids. */
  migration_id: string;
  error_message: string | null;
  /** The event's `created`: when the provider says the change happened. */
  event_ms: number;
  received_ms: number;
  /** Tries to apply it so far (a try fails when the migration had to be read and the upstream failed). */
  attempts: number;
  /** When it is due (again); while one instance applies it, a little later (its claim). Null once done. */
  next_attempt_ms: number | null;
  processed_ms: number | null;
  /** What applying it did (see WebhookOutcome); null until done. */
  outcome: string | null;
}

/** A company's name (and account owner, notes) for its upstream `company_id`: the directory. */
export interface DirectoryCompanyTable {
  company_id: string;
  name: string;
  owner: string | null;
  notes: string | null;
  updated_ms: number;
}

/** A user's display name and e-mail for the upstream's `created_by_user_id`. */
export interface DirectoryUserTable {
  user_id: string;
  name: string;
  email: string | null;
  updated_ms: number;
}

/** A list view a user named (its filters, as a canonical query string), shown in their navigation. */
export interface SavedViewTable {
  id: string;
  /** The user's e-mail address, lower-cased: views are per user. */
  owner: string;
  name: string;
  /** The list's query string without the page (see canonicalViewQuery). */
  query: string;
  created_ms: number;
}
