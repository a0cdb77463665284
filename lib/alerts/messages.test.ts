import { describe, expect, it } from "vitest";
import {
  type AlertForMessage,
  DIGEST_LIST_LIMIT,
  emailDigest,
  emailMessage,
  migrationLink,
  slackDigest,
  slackMessage,
  whatHappened,
} from "./messages";

const FIRED = Date.UTC(2026, 5, 1, 12, 30);
const APP = "https://console.example.com/ops";
const ID = "3d516258-196b-4654-a10b-9b12836a97db";

const failed: AlertForMessage = {
  migrationId: ID,
  rule: "failed",
  status: "FAILED",
  companyId: "cmp_globex",
  createdByUserId: "usr_42",
  sinceMs: Date.UTC(2026, 5, 1, 12, 29),
  sinceKind: "status",
  firedMs: FIRED,
};

describe("alert messages", () => {
  it("say what happened for each rule and basis", () => {
    expect(whatHappened(failed)).toBe("status FAILED, observed 2026-06-01 12:29 UTC");
    expect(whatHappened({ ...failed, sinceKind: "first_seen" })).toBe(
      "first seen with status FAILED at 2026-06-01 12:29 UTC",
    );
    const waiting = {
      ...failed,
      rule: "pending_user_input",
      status: "PENDING_USER_INPUT",
      sinceMs: FIRED - 26 * 3_600_000,
    };
    expect(whatHappened(waiting)).toBe("in PENDING_USER_INPUT for 1 d 2 h");
    expect(whatHappened({ ...waiting, rule: "may_be_stuck", status: "WORKING", sinceKind: "created" })).toBe(
      "WORKING, created 1 d 2 h ago",
    );
  });

  it("link to the migration under APP_URL (its id encoded), or say that there is no link", () => {
    expect(migrationLink(APP, ID)).toBe(`${APP}/migrations/${ID}`);
    expect(migrationLink(APP, "a/b?c")).toBe(`${APP}/migrations/a%2Fb%3Fc`);
    expect(migrationLink(undefined, ID)).toBeUndefined();

    expect(slackMessage(failed, APP)).toEqual({
      text: [
        `*Migration alert: Failed* · migration <${APP}/migrations/${ID}|${ID}>`,
        "status FAILED, observed 2026-06-01 12:29 UTC · company cmp_globex, user usr_42",
      ].join("\n"),
    });
    expect(slackMessage(failed, undefined).text).toContain(
      `migration ${ID} (no link: APP_URL is not set on the Migration Console server)`,
    );

    const email = emailMessage(failed, APP);
    expect(email.subject).toBe(`[Migration Console] Failed: migration ${ID}`);
    expect(email.text).toBe(
      [
        `Failed: migration ${ID}`,
        "  Status FAILED, observed 2026-06-01 12:29 UTC.",
        "  Company: cmp_globex",
        "  User: usr_42",
        `  Open: ${APP}/migrations/${ID}`,
        "",
        "--",
        `Sent by Migration Console at 2026-06-01 12:30 UTC. All alerts: ${APP}/alerts`,
      ].join("\n"),
    );
    expect(emailMessage(failed, undefined).text).toContain(
      "  No link: APP_URL is not set on the Migration Console server.",
    );
  });

  it("include the reason when one was reported, and escape Slack's markup in what the upstream sent", () => {
    const hostile = { ...failed, companyId: "<!channel> & co", reason: "quota <exceeded> & more" };
    const text = slackMessage(hostile, APP).text;
    expect(text).toContain("company &lt;!channel&gt; &amp; co");
    expect(text).toContain("Reason: quota &lt;exceeded&gt; &amp; more");
    expect(text).not.toContain("<!channel>");
    expect(emailMessage(hostile, APP).text).toContain("  Reason: quota <exceeded> & more");
  });

  it("put the directory's names next to the ids, escaped for Slack like everything else", () => {
    const withNames = { ...failed, companyName: "Globex <Corp> & Co", createdByUserName: "Ana Lima" };
    expect(slackMessage(withNames, APP).text).toContain(
      "company Globex &lt;Corp&gt; &amp; Co (cmp_globex), user Ana Lima (usr_42)",
    );
    const email = emailMessage(withNames, APP).text;
    expect(email).toContain("  Company: Globex <Corp> & Co (cmp_globex)\n  User: Ana Lima (usr_42)");
    expect(emailMessage({ ...withNames, companyId: null }, APP).text).toContain("  Company: (none)");
  });

  it("list every alert of a digest with its link, up to a limit, then how many more", () => {
    const many = Array.from({ length: DIGEST_LIST_LIMIT + 3 }, (_, i) => ({
      ...failed,
      migrationId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    }));
    const slack = slackDigest(many.slice(0, 7), APP).text.split("\n");
    expect(slack[0]).toBe("*7 migration alerts* (many at once, so sent together)");
    expect(slack.slice(1)).toHaveLength(7);
    expect(slack[1]).toBe(
      `• *Failed* · <${APP}/migrations/${many[0]?.migrationId}|${many[0]?.migrationId}> · status FAILED, observed 2026-06-01 12:29 UTC · company cmp_globex, user usr_42`,
    );

    const long = slackDigest(many, APP).text.split("\n");
    expect(long).toHaveLength(1 + DIGEST_LIST_LIMIT + 1);
    expect(long.at(-1)).toBe(`…and 3 more: ${APP}/alerts`);

    const email = emailDigest(many.slice(0, 7), undefined, FIRED);
    expect(email.subject).toBe("[Migration Console] 7 migration alerts");
    expect(email.text.split("\n")[0]).toBe("7 migration alerts (many at once, so sent together):");
    expect(email.text.match(/^Failed: migration /gm)).toHaveLength(7);
    expect(email.text.match(/No link: APP_URL is not set/g)).toHaveLength(7);
    expect(emailDigest(many, APP, FIRED).text).toContain("…and 3 more: https://console.example.com/ops/alerts");
  });
});
