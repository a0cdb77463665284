import { type IncomingMessage, Server, type ServerResponse } from "node:http";
import { refusalFor } from "./early-refusals";

/**
 * Methods Node's HTTP server accepts but the fetch standard forbids in a `Request`. Next turns every
 * request into a `Request` (for the proxy, then for route handlers), undici refuses to construct one
 * with these, and Next answers that TypeError with a 500 before any code of this app runs, so
 * neither the proxy nor a route handler can refuse them. (CONNECT never reaches a request listener,
 * and Node's parser rejects TRACK itself; both are listed for what undici forbids.)
 */
const FETCH_FORBIDDEN_METHODS = new Set(["CONNECT", "TRACE", "TRACK"]);

const INSTALLED = Symbol.for("migration-console.fetch-forbidden-methods-refused");

type Emit = (this: Server, event: string | symbol, ...args: unknown[]) => boolean;

function pathnameOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

function refuse(request: IncomingMessage, response: ServerResponse): void {
  const refusal = refusalFor(pathnameOf(request), "method_not_allowed");
  // Whatever body was sent is read and dropped, so the connection can serve the next request.
  request.resume();
  response.writeHead(refusal.status, refusal.headers);
  response.end(refusal.body);
}

/**
 * Answers those methods with a 405 before the server's request listeners (Next's) see them. Next
 * creates its HTTP server itself, so the server's prototype is the one place to stand in front of
 * it; installed once per process (from instrumentation.ts), for every server of `prototype`.
 */
export function refuseFetchForbiddenMethods(prototype: Server = Server.prototype): void {
  const target = prototype as Server & { [INSTALLED]?: true };
  if (Object.hasOwn(target, INSTALLED)) return;
  const emit = target.emit as Emit;
  const guarded: Emit = function (event, ...args) {
    if (event === "request") {
      const [request, response] = args as [IncomingMessage, ServerResponse];
      if (FETCH_FORBIDDEN_METHODS.has(request.method ?? "")) {
        refuse(request, response);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  };
  target.emit = guarded as Server["emit"];
  target[INSTALLED] = true;
}
