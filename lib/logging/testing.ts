/**
 * For tests only: captures the log's lines instead of printing them. Never import from production code.
 */
import { afterEach } from "vitest";
import { setLogSink } from "./log";

export interface CapturedLog {
  /** Every entry so far, parsed, stdout and stderr together in order. */
  entries(): Array<Record<string, unknown>>;
}

/** Captures the log for each test of the calling file (the sink is reset after each). */
export function captureLogPerTest(): CapturedLog {
  let lines: string[] = [];
  const start = () => {
    lines = [];
    setLogSink({ out: (line) => lines.push(line), err: (line) => lines.push(line) });
  };
  start();
  afterEach(() => {
    start();
  });
  return { entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
