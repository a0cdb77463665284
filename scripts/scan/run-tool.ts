/**
 * Running one scanner process: its output goes to a log file (shown in part when it fails) and, line by
 * line, to a callback that turns the interesting lines into progress; a heartbeat says what is running
 * and for how long; a hard time limit stops it by its own PID.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { performance } from "node:perf_hooks";
import { hasExited, stopProcess } from "../../bench/lib/next-server";

const scanStarted = performance.now();

/** "12:34" since the scan started. */
export function elapsed(since: number = scanStarted): string {
  const seconds = Math.floor((performance.now() - since) / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

export function progress(message: string): void {
  console.log(`[${elapsed()}] ${message}`);
}

export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  output: string;
}

export interface RunToolOptions {
  command: string;
  args: readonly string[];
  logFile: string;
  timeoutMs: number;
  onLine: (line: string) => void;
  /** Called every HEARTBEAT_MS with the time the tool has run: returns the progress line. */
  heartbeat: (runningFor: string) => string;
  env?: NodeJS.ProcessEnv;
}

const HEARTBEAT_MS = 30_000;

/** The process running now, so that an interrupt can stop it. */
let current: ChildProcess | undefined;

export async function stopCurrentTool(): Promise<void> {
  if (current && !hasExited(current)) await stopProcess(current);
}

export async function runTool(options: RunToolOptions): Promise<ToolRun> {
  const started = performance.now();
  const log = createWriteStream(options.logFile);
  const child = spawn(options.command, options.args, {
    // No terminal and no stdin: neither scanner may stop to ask a question.
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TERM: "dumb", ...options.env },
  });
  current = child;
  const chunks: string[] = [];
  let partial = "";
  const onData = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    log.write(text);
    chunks.push(text);
    const lines = (partial + text).split(/\r?\n|\r/);
    partial = lines.pop() ?? "";
    for (const line of lines) options.onLine(line);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);

  let timedOut = false;
  const heartbeat = setInterval(() => progress(options.heartbeat(elapsed(started))), HEARTBEAT_MS);
  const deadline = setTimeout(() => {
    timedOut = true;
    progress(`${options.command}: over its ${Math.round(options.timeoutMs / 60_000)}-minute limit, stopping it`);
    void stopProcess(child);
  }, options.timeoutMs);

  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, closeSignal) => resolve([code, closeSignal]));
  }).finally(() => {
    clearInterval(heartbeat);
    clearTimeout(deadline);
    current = undefined;
  });
  if (partial) options.onLine(partial);
  await new Promise<void>((resolve) => log.end(() => resolve()));
  return { exitCode, signal, timedOut, output: chunks.join("") };
}

/** The last lines of a tool's output, to show with a failure. */
export function tail(output: string, lines = 30): string {
  return output.split("\n").slice(-lines).join("\n");
}
