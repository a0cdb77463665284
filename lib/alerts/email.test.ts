import { afterEach, describe, expect, it } from "vitest";
import { SMTP_ACCOUNT, type SmtpReceiver, startSmtpReceiver } from "@/lib/testing/alert-receivers";
import { freePort } from "@/scripts/postgres-cluster.mjs";
import { checkSmtpUrl, type SmtpServer } from "./config-values";
import { DeliveryError } from "./delivery-error";
import { describeSmtpError, type EmailSettings, sendAlertEmail } from "./email";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function receiver(): Promise<SmtpReceiver> {
  const started = await startSmtpReceiver();
  cleanups.push(() => started.stop());
  return started;
}

function server(url: string): SmtpServer {
  const checked = checkSmtpUrl(url, "ALERTS_SMTP_URL");
  if (!checked.ok) throw new Error(checked.message);
  return checked.value;
}

function settings(url: string): EmailSettings {
  return {
    smtp: server(url),
    from: "Migration Console <alerts@example.com>",
    to: ["ops@example.com", "cs@example.com"],
  };
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("sendAlertEmail", () => {
  it("signs in and sends one plain-text message to every recipient", async () => {
    const smtp = await receiver();
    const text = "Failed: migration 3d516258 · status FAILED\n  Open: https://console.example.com/migrations/3d516258";
    await sendAlertEmail(settings(smtp.url), { subject: "[Migration Console] Failed: migration 3d516258", text });
    expect(smtp.mails).toEqual([
      {
        from: "alerts@example.com",
        to: ["ops@example.com", "cs@example.com"],
        subject: "[Migration Console] Failed: migration 3d516258",
        text,
      },
    ]);
  });

  it("reports a refused sign-in without the password", async () => {
    const smtp = await receiver();
    const wrong = smtp.url.replace(SMTP_ACCOUNT.pass, "wrong-s3cret-guess");
    const error = await failure(sendAlertEmail(settings(wrong), { subject: "s", text: "t" }));
    expect(error.message).toMatch(/^the mail server refused the sign-in: 535 /);
    expect(error.message).not.toContain("s3cret");
    expect(smtp.failedLogins).toBe(1);
    expect(smtp.mails).toEqual([]);
  });

  it("reports a mail server that is not listening", async () => {
    const url = `smtp://${SMTP_ACCOUNT.user}:${SMTP_ACCOUNT.pass}@127.0.0.1:${await freePort()}`;
    const error = await failure(sendAlertEmail(settings(url), { subject: "s", text: "t" }));
    expect(error.message).toBe("could not reach the mail server (ECONNREFUSED)");
  });

  it("describes the server's other refusals by code, with its reply and never the password", () => {
    const smtp = server("smtp://alerts:pa55-s3cret@mail.example.com");
    expect(
      describeSmtpError(
        Object.assign(new Error("x"), { code: "EENVELOPE", responseCode: 550, response: "550 5.1.1 <ops@x> unknown" }),
        smtp,
      ),
    ).toBe("the mail server refused the sender or a recipient: 550 5.1.1 <ops@x> unknown");
    expect(
      describeSmtpError(
        Object.assign(new Error("x"), { code: "EMESSAGE", responseCode: 552, response: "552 too big for pa55-s3cret" }),
        smtp,
      ),
    ).toBe("the mail server answered 552: 552 too big for [hidden]");
    expect(describeSmtpError(Object.assign(new Error("x"), { code: "ETIMEDOUT" }), smtp)).toBe(
      "the mail server did not answer in time",
    );
    expect(describeSmtpError(new Error("pa55-s3cret"), smtp)).toBe("the e-mail could not be sent");
  });
});
