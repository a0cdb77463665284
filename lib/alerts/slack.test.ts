import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SLACK_SECRET_PATH, type SlackReceiver, startSlackReceiver } from "@/lib/testing/alert-receivers";
import { freePort } from "@/scripts/postgres-cluster.mjs";
import { DeliveryError } from "./delivery-error";
import { postToSlack } from "./slack";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function receiver(): Promise<SlackReceiver> {
  const started = await startSlackReceiver();
  cleanups.push(() => started.stop());
  return started;
}

/** A server that answers every request with `respond`. */
async function answering(respond: http.RequestListener): Promise<string> {
  const server = http.createServer(respond);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${SLACK_SECRET_PATH}`;
}

async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

describe("postToSlack", () => {
  it("posts the payload as JSON to the webhook's path", async () => {
    const slack = await receiver();
    await postToSlack(slack.url, { text: "hello <https://x/y|y>" });
    expect(slack.posts).toEqual([
      {
        path: SLACK_SECRET_PATH,
        contentType: "application/json; charset=utf-8",
        body: '{"text":"hello <https://x/y|y>"}',
        json: { text: "hello <https://x/y|y>" },
      },
    ]);
  });

  it("reports a refusing status with the answer's first words, the secret path cut out", async () => {
    const slack = await receiver();
    slack.setMode("unavailable");
    const error = await failure(postToSlack(slack.url, { text: "x" }));
    expect(error.message).toBe("the webhook answered HTTP 503: service unavailable for [hidden]");
    expect(error.message).not.toContain("s3cret");
  });

  it("reports a webhook that is not listening, does not answer in time, or redirects", async () => {
    const closed = `http://127.0.0.1:${await freePort()}${SLACK_SECRET_PATH}`;
    expect((await failure(postToSlack(closed, { text: "x" }))).message).toBe(
      "could not reach the webhook (ECONNREFUSED)",
    );

    const silent = await answering(() => {});
    expect((await failure(postToSlack(silent, { text: "x" }, { timeoutMs: 300 }))).message).toBe(
      "the webhook did not answer within 300 ms",
    );

    const moved = await answering((_req, res) => {
      res.writeHead(302, { Location: "https://elsewhere.example/" });
      res.end();
    });
    expect((await failure(postToSlack(moved, { text: "x" }))).message).toBe("the webhook answered HTTP 302");

    const broken: typeof fetch = async () => {
      throw new TypeError(`fetch failed for ${SLACK_SECRET_PATH}`);
    };
    const error = await failure(postToSlack(closed, { text: "x" }, { fetch: broken }));
    expect(error.message).toBe("could not reach the webhook");
  });
});
