/**
 * The server's log: one JSON object per line (`level`, `time`, `event`, then the event's fields) on
 * stdout, or stderr for warnings and errors, so an operator can grep it and ship it as it is. No
 * stack traces (an expected failure such as a wrong password is not a crash, and stacks bury the
 * one line that matters) and never a secret: callers pass messages and ids, not keys or bodies.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface LogSink {
  out(line: string): void;
  err(line: string): void;
}

const processSink: LogSink = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

let sink: LogSink = processSink;
let now: () => Date = () => new Date();

/** Tests capture the lines; the default writes to the process's stdout and stderr. */
export function setLogSink(next: LogSink | undefined, clock?: () => Date): void {
  sink = next ?? processSink;
  now = clock ?? (() => new Date());
}

/** One line of text: control characters (a forged newline starting a fake entry) never reach the log. */
function clean(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
  return value.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, 2_000);
}

export function log(level: LogLevel, event: string, fields: LogFields = {}): void {
  const entry: Record<string, string | number | boolean | null> = { level, time: now().toISOString(), event };
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || name in entry) continue;
    entry[name] = typeof value === "string" ? clean(value) : value;
  }
  const line = JSON.stringify(entry);
  if (level === "warn" || level === "error") sink.err(line);
  else sink.out(line);
}

/** The name and message of whatever was thrown, for a log line (no stack). */
export function errorFields(error: unknown): { error: string; message: string } {
  if (error instanceof Error) return { error: error.name, message: error.message };
  return { error: typeof error, message: String(error) };
}
