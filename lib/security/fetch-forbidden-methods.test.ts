import { once } from "node:events";
import { request as httpRequest, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { refuseFetchForbiddenMethods } from "./fetch-forbidden-methods";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server of its own class, so the guard is installed on that class only, never on every server of the run. */
async function startServer(guarded: boolean): Promise<{ port: number; seen: string[] }> {
  class TestServer extends Server {}
  if (guarded) refuseFetchForbiddenMethods(TestServer.prototype);
  const seen: string[] = [];
  const server = new TestServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    response.end("listener");
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, seen };
}

function send(port: number, method: string, path: string) {
  return new Promise<{ status: number; allow: string | undefined; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, method, path }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, allow: response.headers.allow, body }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("refuseFetchForbiddenMethods", () => {
  it("answers TRACE with a 405 in the path's error shape before any listener runs", async () => {
    const { port, seen } = await startServer(true);
    const api = await send(port, "TRACE", "/api/v1/migrations");
    expect(api.status).toBe(405);
    expect(api.allow).toBe("GET");
    expect(JSON.parse(api.body)).toEqual({ error: { type: "method_not_allowed", message: expect.any(String) } });
    const bff = await send(port, "TRACE", "/api/migrations?page=1");
    expect(JSON.parse(bff.body)).toEqual({ error: { code: "method_not_allowed", message: expect.any(String) } });
    expect((await send(port, "TRACE", "/migrations")).status).toBe(405);
    expect(seen).toEqual([]);
  });

  it("passes every other method on to the listeners", async () => {
    const { port, seen } = await startServer(true);
    expect((await send(port, "GET", "/api/migrations")).body).toBe("listener");
    expect((await send(port, "DELETE", "/api/migrations")).body).toBe("listener");
    expect(seen).toEqual(["GET /api/migrations", "DELETE /api/migrations"]);
  });

  it("is what refuses: without it, TRACE reaches the listener", async () => {
    const { port, seen } = await startServer(false);
    expect((await send(port, "TRACE", "/api/migrations")).body).toBe("listener");
    expect(seen).toEqual(["TRACE /api/migrations"]);
  });
});
