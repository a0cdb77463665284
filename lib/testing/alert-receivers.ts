/**
 * Local stand-ins for the alerts' targets, for the unit and browser tests: a Slack-compatible
 * incoming-webhook receiver (HTTP) and an SMTP server (the `smtp-server` package), both on
 * loopback. Each keeps what it received and can be taken down and brought back on the same port.
 * Never import this from production code.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedPost {
  path: string;
  contentType: string;
  body: string;
  /** The body parsed as JSON, when it is. */
  json: unknown;
}

export interface SlackReceiver {
  port: number;
  /** The webhook URL to configure: a path that looks like Slack's secret one. */
  url: string;
  posts: ReceivedPost[];
  /** "ok": 200 "ok"; "unavailable": 503 with a body. */
  setMode(mode: "ok" | "unavailable"): void;
  /** Stops listening (connections are then refused) until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const SLACK_SECRET_PATH = "/services/T0ALERTS/B0ALERTS/s3cretWebhookToken";

function listen(server: http.Server | SMTPServer, port: number): Promise<number> {
  const socket = server instanceof SMTPServer ? server.server : server;
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    socket.once("error", onError);
    socket.listen(port, "127.0.0.1", () => {
      socket.off("error", onError);
      resolve((socket.address() as AddressInfo).port);
    });
  });
}

/** Starts the webhook receiver on `port` (0: any free one). */
export async function startSlackReceiver(port = 0): Promise<SlackReceiver> {
  const posts: ReceivedPost[] = [];
  let mode: "ok" | "unavailable" = "ok";
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (mode === "unavailable") {
        res.writeHead(503, { "Content-Type": "text/plain" });
        res.end(`service unavailable for ${req.url}`);
        return;
      }
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      posts.push({ path: req.url ?? "", contentType: req.headers["content-type"] ?? "", body, json });
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("ok");
    });
  };
  let server = http.createServer(handler);
  const actualPort = await listen(server, port);
  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}${SLACK_SECRET_PATH}`,
    posts,
    setMode(next) {
      mode = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    async start() {
      server = http.createServer(handler);
      await listen(server, actualPort);
    },
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The body, decoded (quoted-printable or base64) to text. */
  text: string;
}

export interface SmtpReceiver {
  port: number;
  /** The ALERTS_SMTP_URL that reaches it with its account. */
  url: string;
  mails: ReceivedMail[];
  /** Sign-ins refused with 535 (a wrong password). */
  failedLogins: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const SMTP_ACCOUNT = { user: "alerts", pass: "s3cret-smtp-password" } as const;

/** Reads the headers and the decoded body of a simple (single-part) message. */
export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of head.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = raw.slice(split + 4);
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  let text: string;
  if (encoding === "quoted-printable") {
    const bytes = body
      .replace(/=\r\n/g, "")
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    text = Buffer.from(bytes, "latin1").toString("utf8");
  } else if (encoding === "base64") {
    text = Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  } else {
    text = body;
  }
  return { headers, text: text.replace(/\r\n/g, "\n").replace(/\n$/, "") };
}

/** Starts an SMTP server on `port` (0: any free one) that accepts mail from SMTP_ACCOUNT only, without TLS. */
export async function startSmtpReceiver(port = 0): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const state = { failedLogins: 0 };
  const create = () =>
    new SMTPServer({
      secure: false,
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_ACCOUNT.user && auth.password === SMTP_ACCOUNT.pass) {
          callback(null, { user: auth.username });
          return;
        }
        state.failedLogins++;
        callback(Object.assign(new Error("Authentication failed"), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const { headers, text } = parseMail(Buffer.concat(chunks).toString("latin1"));
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: headers.subject ?? "",
            text,
          });
          callback();
        });
      },
    });
  let server = create();
  const actualPort = await listen(server, port);
  return {
    port: actualPort,
    url: `smtp://${SMTP_ACCOUNT.user}:${SMTP_ACCOUNT.pass}@127.0.0.1:${actualPort}`,
    mails,
    get failedLogins() {
      return state.failedLogins;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = create();
      await listen(server, actualPort);
    },
  };
}
