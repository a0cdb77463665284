import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface OtherOrigin {
  /** Browsed as `localhost` like the app: another origin (its own port), yet the same site. */
  url: string;
  close: () => Promise<void>;
}

/**
 * A throw-away site on a port of its own that serves `html` at every path: an attacker's page.
 * Same site as the app (only the port differs), so the browser sends the app's SameSite=Lax
 * session cookie along with a form POST from it, and only the app's Origin check stands between.
 */
export async function serveOtherOrigin(html: string): Promise<OtherOrigin> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(html);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page whose one form posts `fields` to `action`, the way the app's own sign-out form does. */
export function formPage(action: string, fields: ReadonlyArray<{ name: string; value: string }>): string {
  const inputs = fields
    .map(({ name, value }) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("");
  return `<!doctype html><title>Win a prize</title><form method="POST" enctype="multipart/form-data" action="${escapeHtml(action)}">${inputs}<button type="submit">Claim</button></form>`;
}
