/**
 * The HTTP proxy both scanners are pointed at (`wapiti -p`, `sqlmap --proxy`), for three reasons:
 *
 * - Scope: it forwards only to the app's own origin and refuses everything else (CONNECT included), so
 *   nothing a scanner tries on its own — a module's database download, a crash report, a payload's
 *   external endpoint — leaves the machine, whatever its options do.
 * - The session: wapiti submits every form it finds, and the dashboard's header has a sign-out form (a
 *   Server Action). A scanner that signs itself out scans the sign-in page for the rest of the run, so the
 *   proxy answers the two sign-out requests (that action, and next-auth's POST /api/auth/signout) itself
 *   with an empty 204. Nothing else is held back.
 * - Progress: it counts the requests that went through, for the progress lines.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export interface ScopeProxy {
  url: string;
  /** Requests forwarded to the app. */
  forwarded: () => number;
  /** Requests for another host, refused (a scanner trying to reach outside): how many, and the first few. */
  refused: () => { count: number; sample: string[] };
  /** Sign-out requests answered by the proxy. */
  signOutsHeld: () => number;
  /** Answers that took longer than SLOW_MS: how many, and the first few (a scanner's timeouts start here). */
  slow: () => { count: number; sample: string[] };
  close: () => Promise<void>;
}

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authorization",
  "proxy-authenticate",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Keeps at most this many refused URLs or slow answers for the report; the count matters beyond that. */
const SAMPLE_KEPT = 20;
const SLOW_MS = 5000;

export interface ScopeProxyOptions {
  /** The app's origin, e.g. http://127.0.0.1:41234. */
  appOrigin: string;
  /** The sign-out Server Action's id, as the header's form carries it (`$ACTION_ID_<id>`). */
  signOutActionId: string;
}

function isSignOut(method: string, path: string, headers: http.IncomingHttpHeaders, body: Buffer, id: string): boolean {
  if (method !== "POST") return false;
  if (path.split("?", 1)[0] === "/api/auth/signout") return true;
  if (headers["next-action"] === id) return true;
  // A form post names the action in a field: raw in multipart bodies, percent-encoded in urlencoded ones.
  const text = body.toString("latin1");
  return text.includes(`$ACTION_ID_${id}`) || text.includes(`%24ACTION_ID_${id}`);
}

export async function startScopeProxy(options: ScopeProxyOptions): Promise<ScopeProxy> {
  const app = new URL(options.appOrigin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  let forwarded = 0;
  let signOutsHeld = 0;
  let refusedCount = 0;
  const refused: string[] = [];
  const refuse = (what: string) => {
    refusedCount++;
    if (refused.length < SAMPLE_KEPT) refused.push(what);
  };
  let slowCount = 0;
  const slow: string[] = [];

  const server = http.createServer((request, response) => {
    let target: URL;
    try {
      // A proxy request carries the absolute URL.
      target = new URL(request.url ?? "");
    } catch {
      response.writeHead(400, { "content-type": "text/plain" }).end("scope proxy: absolute URL expected\n");
      return;
    }
    if (target.origin !== app.origin) {
      refuse(`${request.method} ${target.origin}${target.pathname}`);
      response.writeHead(403, { "content-type": "text/plain" }).end(`scope proxy: only ${app.origin} is in scope\n`);
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const method = request.method ?? "GET";
      const path = `${target.pathname}${target.search}`;
      if (isSignOut(method, path, request.headers, body, options.signOutActionId)) {
        signOutsHeld++;
        response.writeHead(204).end();
        return;
      }
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
      }
      if (body.length > 0 || !["GET", "HEAD"].includes(method)) headers["content-length"] = String(body.length);
      forwarded++;
      const sent = performance.now();
      // "close", not "finish": a scanner that gave up waiting closes the connection before the answer ends.
      response.once("close", () => {
        const tookMs = performance.now() - sent;
        if (tookMs < SLOW_MS) return;
        slowCount++;
        const outcome = response.writableFinished ? String(response.statusCode) : "abandoned by the scanner";
        if (slow.length < SAMPLE_KEPT) {
          slow.push(`${method} ${path.slice(0, 200)} → ${outcome} after ${(tookMs / 1000).toFixed(1)} s`);
        }
      });
      const upstream = http.request(
        { host: app.hostname, port: app.port, method, path, headers, agent },
        (appResponse) => {
          const raw: string[] = [];
          for (let i = 0; i + 1 < appResponse.rawHeaders.length; i += 2) {
            const name = appResponse.rawHeaders[i] as string;
            if (!HOP_BY_HOP.has(name.toLowerCase())) raw.push(name, appResponse.rawHeaders[i + 1] as string);
          }
          response.writeHead(appResponse.statusCode ?? 502, appResponse.statusMessage, raw);
          appResponse.pipe(response);
        },
      );
      upstream.on("error", (error) => {
        if (!response.headersSent) {
          response.writeHead(502, { "content-type": "text/plain" }).end(`scope proxy: ${error.message}\n`);
        } else {
          response.destroy(error);
        }
      });
      upstream.end(body);
    });
  });
  // HTTPS goes through CONNECT: never in scope (the app is plain http on loopback).
  server.on("connect", (request, socket) => {
    refuse(`CONNECT ${request.url ?? "?"}`);
    socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    refused: () => ({ count: refusedCount, sample: [...refused] }),
    signOutsHeld: () => signOutsHeld,
    slow: () => ({ count: slowCount, sample: [...slow] }),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
