import { describe, expect, it } from "vitest";
import { PasswordCheckLimiter } from "./password-check-limiter";

/** A check that ends when the test says so. */
function controlledCheck() {
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { finish, check: () => done.then(() => "checked") };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("PasswordCheckLimiter", () => {
  it("runs at most `concurrent` checks at once; the next waits for a slot and then runs", async () => {
    const limiter = new PasswordCheckLimiter({ concurrent: 2, queued: 5, perAccount: 10 });
    const checks = Array.from({ length: 4 }, () => controlledCheck());
    let peak = 0;
    const runs = checks.map((c, i) =>
      limiter.run(`account-${i}`, async () => {
        peak = Math.max(peak, limiter.load.running);
        return c.check();
      }),
    );
    await settle();
    expect(limiter.load).toEqual({ running: 2, waiting: 2, accounts: 4 });
    for (const c of checks) c.finish();
    expect(await Promise.all(runs)).toEqual(Array(4).fill({ ran: true, value: "checked" }));
    expect(peak).toBe(2);
    expect(limiter.load).toEqual({ running: 0, waiting: 0, accounts: 0 });
  });

  it("turns a check away as busy when the queue is full, without running it", async () => {
    const limiter = new PasswordCheckLimiter({ concurrent: 1, queued: 1, perAccount: 10 });
    const blocker = controlledCheck();
    const first = limiter.run("a", blocker.check);
    const second = limiter.run("b", blocker.check);
    let ran = false;
    const third = await limiter.run("c", async () => {
      ran = true;
    });
    expect(third).toEqual({ ran: false, refusal: "busy" });
    expect(ran).toBe(false);
    blocker.finish();
    await Promise.all([first, second]);
  });

  it("lets one account have at most `perAccount` checks in flight, waiting ones included", async () => {
    const limiter = new PasswordCheckLimiter({ concurrent: 1, queued: 10, perAccount: 2 });
    const blocker = controlledCheck();
    const runs = [limiter.run("a", blocker.check), limiter.run("a", blocker.check)];
    expect(await limiter.run("a", blocker.check)).toEqual({ ran: false, refusal: "account-busy" });
    // Another account still gets in line.
    runs.push(limiter.run("b", blocker.check));
    blocker.finish();
    expect((await Promise.all(runs)).every((outcome) => outcome.ran)).toBe(true);
    expect(limiter.load.accounts).toBe(0);
  });

  it("frees the slot and the account when a check throws", async () => {
    const limiter = new PasswordCheckLimiter({ concurrent: 1, queued: 0, perAccount: 1 });
    await expect(
      limiter.run("a", async () => {
        throw new Error("scrypt failed");
      }),
    ).rejects.toThrow("scrypt failed");
    expect(limiter.load).toEqual({ running: 0, waiting: 0, accounts: 0 });
    expect(await limiter.run("a", async () => 1)).toEqual({ ran: true, value: 1 });
  });
});
