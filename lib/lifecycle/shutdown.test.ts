import { EventEmitter } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { onShutdown, resetShutdownForTests } from "./shutdown";

afterEach(() => resetShutdownForTests());

describe("onShutdown", () => {
  it("runs every service's task on the first signal, waits for all (a failing one too), then exits once", async () => {
    const source = new EventEmitter();
    const done: string[] = [];
    const exits: number[] = [];
    const exit = (code: number) => exits.push(code);
    let releaseSlow: () => void = () => {};
    onShutdown(
      () =>
        new Promise<void>((resolve) => {
          releaseSlow = () => {
            done.push("sync");
            resolve();
          };
        }),
      source,
      exit,
    );
    onShutdown(async () => {
      done.push("alerts");
      throw new Error("could not release");
    }, source);
    expect(source.listenerCount("SIGTERM")).toBe(1);
    expect(source.listenerCount("SIGINT")).toBe(1);

    source.emit("SIGTERM");
    source.emit("SIGINT");
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(["alerts"]);
    expect(exits).toEqual([]);
    releaseSlow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual(["alerts", "sync"]);
    expect(exits).toEqual([0]);
  });

  it("forgets a task whose service stopped on its own", async () => {
    const source = new EventEmitter();
    const exits: number[] = [];
    let ran = false;
    const forget = onShutdown(
      async () => {
        ran = true;
      },
      source,
      (code) => exits.push(code),
    );
    forget();
    source.emit("SIGINT");
    await new Promise((resolve) => setImmediate(resolve));
    expect(ran).toBe(false);
    expect(exits).toEqual([0]);
  });
});
