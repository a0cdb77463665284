import { afterEach, describe, expect, it } from "vitest";
import { errorFields, log, setLogSink } from "./log";

const out: string[] = [];
const err: string[] = [];

function capture() {
  out.length = 0;
  err.length = 0;
  setLogSink({ out: (line) => out.push(line), err: (line) => err.push(line) }, () => new Date(Date.UTC(2026, 0, 2, 3)));
}

afterEach(() => setLogSink(undefined));

describe("log", () => {
  it("writes one JSON object per line: level, time, event, then the fields", () => {
    capture();
    log("info", "sign_in_failed", { reason: "invalid", attempts: 3, skipped: undefined });
    expect(out).toEqual([
      '{"level":"info","time":"2026-01-02T03:00:00.000Z","event":"sign_in_failed","reason":"invalid","attempts":3}',
    ]);
    expect(err).toEqual([]);
  });

  it("sends warnings and errors to stderr", () => {
    capture();
    log("warn", "a");
    log("error", "b");
    log("debug", "c");
    expect(err.map((line) => JSON.parse(line).event)).toEqual(["a", "b"]);
    expect(out.map((line) => JSON.parse(line).event)).toEqual(["c"]);
  });

  it("keeps each entry on one line whatever a field holds, and never lets a field overwrite the level or event", () => {
    capture();
    log("info", "x", { message: 'line one\nfake {"level":"error"}\r\u0000', level: "debug", event: "other" });
    expect(out).toHaveLength(1);
    expect(out[0]).not.toMatch(/[\n\r]/);
    const entry = JSON.parse(out[0] as string);
    expect(entry).toMatchObject({ level: "info", event: "x" });
    expect(entry.message).toBe('line one fake {"level":"error"}  ');
  });
});

describe("errorFields", () => {
  it("keeps the name and message, never the stack", () => {
    const error = new TypeError("bad thing");
    expect(errorFields(error)).toEqual({ error: "TypeError", message: "bad thing" });
    expect(errorFields("plain")).toEqual({ error: "string", message: "plain" });
  });
});
