/**
 * What the Alerts page shows, as plain data from the server (lib/alerts/alerts-view.ts) to its
 * components: nothing secret (no webhook URL, no SMTP password or user) ever gets in here.
 */
import type { AlertTarget } from "./rule-catalogue";

export type SetupView =
  | { state: "off"; appUrlSet: boolean }
  | { state: "invalid"; error: string }
  | {
      state: "on";
      /** "Slack", "E-mail". */
      targets: string[];
      emailTo?: string[];
      /** host:port. */
      smtpServer?: string;
      rules: string[];
      companies?: string[];
      appUrl?: string;
    };

export type DeliveryView = {
  attempts: number;
  lastError?: string;
  /** The digest it went in, when it went in one. */
  batchSize?: number;
} & (
  | { state: "delivered"; at?: string }
  /** Not tried yet: due at `at` (later than now while it is gathered for a digest). */
  | { state: "sending"; at?: string }
  /** Tried and failed: tried again at `at`. */
  | { state: "retrying"; at?: string }
  | { state: "gave_up" }
);

export interface AlertView {
  id: number;
  /** The rule's label. */
  rule: string;
  migrationId: string;
  /** The migration's status when it fired. */
  status: string;
  companyId: string | null;
  /** The company's name from the directory, when it has one. */
  companyName?: string;
  /** "status FAILED, observed 2026-06-01 12:00 UTC", "in WORKING for 7 h 2 min". */
  what: string;
  firedAt: string;
  reason?: string;
  deliveries: Partial<Record<AlertTarget, DeliveryView>>;
}

export interface AlertsPageView {
  setup: SetupView;
  alerts: AlertView[];
  /** Alerts fired in all (the page shows the latest ALERTS_PAGE_LIMIT). */
  total: number;
  /** The delivery columns: the configured targets and any that past alerts went to. */
  targets: Array<{ key: AlertTarget; label: string }>;
  ruleHelp: Array<{ name: string; description: string }>;
}
