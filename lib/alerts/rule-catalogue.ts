/**
 * The alert rules by name, with the words the page and the messages use. Pure data: the
 * configuration (env and file), the evaluation and the page all read it from here.
 */
export const ALERT_RULES = ["failed", "completed_with_failures", "pending_user_input", "may_be_stuck"] as const;

export type AlertRuleName = (typeof ALERT_RULES)[number];

export function isAlertRuleName(value: string): value is AlertRuleName {
  return (ALERT_RULES as readonly string[]).includes(value);
}

export const ALERT_RULE_LABELS: Record<AlertRuleName, string> = {
  failed: "Failed",
  completed_with_failures: "Completed with failures",
  pending_user_input: "Waiting for user too long",
  may_be_stuck: "May be stuck",
};

/** What fires each rule, for the configuration panel and the README. */
export const ALERT_RULE_DESCRIPTIONS: Record<AlertRuleName, string> = {
  failed: "a migration is observed to have status FAILED",
  completed_with_failures: "a migration is observed to have status COMPLETED_WITH_FAILURES",
  pending_user_input: "a migration has been waiting for its user (PENDING_USER_INPUT) longer than the configured hours",
  may_be_stuck:
    "a migration has been NOT_STARTED, NOT_READY or WORKING far longer than usual (the list's “may be stuck” hint)",
};

/** The delivery targets: a Slack-compatible incoming webhook, and e-mail over SMTP. */
export const ALERT_TARGETS = ["slack", "email"] as const;
export type AlertTarget = (typeof ALERT_TARGETS)[number];

export const ALERT_TARGET_LABELS: Record<AlertTarget, string> = { slack: "Slack", email: "E-mail" };
