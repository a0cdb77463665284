import type { SetupView } from "@/lib/alerts/view-types";

const EXAMPLE_FILE = `{
  "slackWebhookUrl": "https://hooks.slack.com/services/T000/B000/XXXX",
  "smtpUrl": "smtp://alerts:password@mail.example.com:587",
  "emailFrom": "Migration Console <alerts@example.com>",
  "emailTo": ["ops@example.com"],
  "rules": ["failed", "completed_with_failures", "pending_user_input", "may_be_stuck"],
  "pendingUserInputHours": 24,
  "companies": ["company-id-1"]
}`;

const VARIABLES: Array<[string, string]> = [
  ["ALERTS_SLACK_WEBHOOK_URL", "a Slack-compatible incoming-webhook URL"],
  ["ALERTS_SMTP_URL, ALERTS_EMAIL_FROM, ALERTS_EMAIL_TO", "e-mail over SMTP (all three)"],
  ["APP_URL", "the dashboard's public URL, so that alerts link to the migration"],
  ["ALERTS_RULES", "which rules apply (all four by default)"],
  ["ALERTS_PENDING_USER_INPUT_HOURS", "hours a migration may wait for its user (24 by default)"],
  ["ALERTS_COMPANIES", "only these companies' migrations (every company by default)"],
  ["ALERTS_CONFIG_FILE", "a JSON file with the same settings, like the one below"],
];

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] dark:bg-slate-800";

function HowToConfigure({ ruleHelp }: { ruleHelp: Array<{ name: string; description: string }> }) {
  return (
    <>
      <p>
        Set at least one target in the server&apos;s environment (or in a JSON file named by{" "}
        <code className={code}>ALERTS_CONFIG_FILE</code>), then restart the server:
      </p>
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        {VARIABLES.map(([name, meaning]) => (
          <div key={name} className="contents">
            <dt>
              <code className={code}>{name}</code>
            </dt>
            <dd className="mb-1 sm:mb-0">{meaning}</dd>
          </div>
        ))}
      </dl>
      <p>A config file (a variable that is set wins over its field):</p>
      <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 font-mono text-xs text-slate-900 dark:bg-slate-800 dark:text-slate-100">
        <code>{EXAMPLE_FILE}</code>
      </pre>
      <p>The rules:</p>
      <ul className="list-disc pl-5">
        {ruleHelp.map((rule) => (
          <li key={rule.name}>
            <code className={code}>{rule.name}</code>: {rule.description}
          </li>
        ))}
      </ul>
      <p>Each alert is sent once per migration and rule, only for changes seen after alerts were turned on.</p>
    </>
  );
}

/** What the alerts are set up to do, or how to set them up, or what is wrong with their configuration. */
export function AlertsSetup({
  setup,
  ruleHelp,
}: {
  setup: SetupView;
  ruleHelp: Array<{ name: string; description: string }>;
}) {
  if (setup.state === "off") {
    return (
      <section
        aria-labelledby="alerts-setup-heading"
        data-testid="alerts-not-configured"
        className="flex flex-col gap-3 rounded-md border border-slate-300 bg-white p-4 text-sm text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
      >
        <h2 id="alerts-setup-heading" className="text-base font-semibold text-slate-950 dark:text-white">
          Alerts are not configured
        </h2>
        <p>No alert is sent: no Slack webhook and no e-mail server is set.</p>
        <HowToConfigure ruleHelp={ruleHelp} />
      </section>
    );
  }
  if (setup.state === "invalid") {
    return (
      <section
        aria-labelledby="alerts-setup-heading"
        data-testid="alerts-invalid"
        className="flex flex-col gap-3 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-50"
      >
        <h2 id="alerts-setup-heading" className="text-base font-semibold">
          The alert configuration is not valid
        </h2>
        <p data-testid="alerts-invalid-reason">{setup.error}</p>
        <p>No alert is sent until it is fixed and the server restarted.</p>
        <details>
          <summary className="cursor-pointer font-medium">How alerts are configured</summary>
          <div className="mt-2 flex flex-col gap-3">
            <HowToConfigure ruleHelp={ruleHelp} />
          </div>
        </details>
      </section>
    );
  }
  return (
    <section
      aria-labelledby="alerts-setup-heading"
      data-testid="alerts-configured"
      className="flex flex-col gap-2 rounded-md border border-slate-300 bg-white p-4 text-sm text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
    >
      <h2 id="alerts-setup-heading" className="text-base font-semibold text-slate-950 dark:text-white">
        Alerts are on
      </h2>
      <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Sent to</dt>
        <dd data-testid="alerts-targets">
          {setup.targets.join(" and ")}
          {setup.emailTo ? ` (e-mail to ${setup.emailTo.join(", ")} through ${setup.smtpServer})` : ""}
        </dd>
        <dt className="font-medium">Rules</dt>
        <dd>{setup.rules.join(", ")}</dd>
        <dt className="font-medium">Companies</dt>
        <dd>{setup.companies ? setup.companies.join(", ") : "all"}</dd>
        <dt className="font-medium">Links</dt>
        <dd data-testid="alerts-links">
          {setup.appUrl ? (
            <>
              to <code className={code}>{setup.appUrl}/migrations/…</code>
            </>
          ) : (
            <>
              none: <code className={code}>APP_URL</code> is not set, so alerts say they have no link
            </>
          )}
        </dd>
      </dl>
    </section>
  );
}
