import { sleep } from "./next-server";

/** Waits until the server's health says its mirror is current (its first full read done). */
export async function waitForCurrentMirror(baseUrl: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const health = (await (await fetch(`${baseUrl}/api/health`)).json()) as { sync: { state: string } };
    if (health.sync.state === "current") return;
    await sleep(500);
  }
  throw new Error(`the mirror did not become current within ${timeoutMs / 1000} s`);
}
