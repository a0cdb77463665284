import "server-only";
import nodemailer from "nodemailer";
import type { SmtpServer } from "./config-values";
import { DeliveryError, errorCode, safeExcerpt } from "./delivery-error";
import type { EmailContent } from "./messages";

export interface EmailSettings {
  smtp: SmtpServer;
  from: string;
  to: readonly string[];
}

export const SMTP_TIMEOUT_MS = 10_000;

/**
 * Sends one plain-text e-mail to every recipient through the configured server (nodemailer: a new
 * connection per message, STARTTLS when the server offers it with smtp://, TLS on connect with
 * smtps://). Anything short of the server accepting the message throws a DeliveryError whose
 * message never holds the password.
 */
export async function sendAlertEmail(
  settings: EmailSettings,
  content: EmailContent,
  options: { timeoutMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? SMTP_TIMEOUT_MS;
  const { smtp } = settings;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth ? { auth: { user: smtp.auth.user, pass: smtp.auth.pass } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: 3 * timeoutMs,
    // Nothing in an alert is a file or a URL to fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: [...settings.to],
      subject: content.subject,
      text: content.text,
    });
  } catch (error) {
    throw new DeliveryError(describeSmtpError(error, smtp));
  } finally {
    transport.close();
  }
}

/** What went wrong, in words for the page: the kind of failure and the server's reply code, no secrets. */
export function describeSmtpError(error: unknown, smtp: SmtpServer): string {
  const details = error as { code?: unknown; responseCode?: unknown; response?: unknown };
  const secrets = smtp.auth ? [smtp.auth.pass] : [];
  const reply = typeof details.response === "string" ? safeExcerpt(details.response, secrets, 120) : "";
  const withReply = (text: string) => (reply ? `${text}: ${reply}` : text);
  switch (details.code) {
    case "EAUTH":
      return withReply("the mail server refused the sign-in");
    case "EENVELOPE":
      return withReply("the mail server refused the sender or a recipient");
    case "ETIMEDOUT":
      return "the mail server did not answer in time";
    case "ECONNECTION":
    case "ESOCKET":
    case "EDNS": {
      const cause = errorCode((error as { cause?: unknown }).cause) ?? systemCode(error);
      return `could not reach the mail server${cause ? ` (${cause})` : ""}`;
    }
    default:
      if (typeof details.responseCode === "number")
        return withReply(`the mail server answered ${details.responseCode}`);
      return "the e-mail could not be sent";
  }
}

/** nodemailer puts the system error's code (ECONNREFUSED) in its message only. */
function systemCode(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : "";
  return /\b(E[A-Z]{3,})\b/.exec(message)?.[1];
}
