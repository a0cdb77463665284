/** Memory of a process we started, from /proc (Linux only). */
import { readdirSync, readFileSync } from "node:fs";

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

/** The parent PID of a process, from /proc/<pid>/stat (the field after the parenthesised name). */
function parentPid(pid: number): number | undefined {
  const stat = readProc(pid, "stat");
  if (!stat) return undefined;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentPid(pid);
    if (parent === undefined) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: number[] = [];
  const queue = [...(children.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

function commandLine(pid: number): string {
  return (readProc(pid, "cmdline") ?? "").replaceAll("\0", " ").trim();
}

/**
 * The process that serves HTTP: `next start` names itself `next-server (vX)`. That is the process we
 * spawned unless it handed the work to a child; either way the one named next-server is returned.
 */
export function serverProcess(rootPid: number): { pid: number; command: string } {
  for (const pid of [rootPid, ...descendants(rootPid)]) {
    const command = commandLine(pid);
    if (command.startsWith("next-server")) return { pid, command };
  }
  return { pid: rootPid, command: commandLine(rootPid) };
}

/** A /proc/<pid>/status field in kB (VmRSS: resident now; VmHWM: the peak resident size). */
export function statusKiB(pid: number, field: "VmRSS" | "VmHWM" | "RssAnon" | "RssFile" | "RssShmem"): number {
  const status = readProc(pid, "status") ?? "";
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status (has the process exited?)`);
  return Number(match[1]);
}

/** Load of the machine, to judge how noisy the timings around it are. */
export function machineLoad(): string {
  const [one, five] = readFileSync("/proc/loadavg", "utf8").split(" ");
  let cpuPressure = "";
  try {
    cpuPressure = readFileSync("/proc/pressure/cpu", "utf8");
  } catch {
    // No pressure stall information on this kernel.
  }
  const pressure = /some avg10=([\d.]+)/.exec(cpuPressure);
  return `load ${one}/${five} (1/5 min)${pressure ? `, CPU pressure ${pressure[1]}% (10 s)` : ""}`;
}

/** CPU and I/O counters of a process, to tell apart working, waiting for a CPU, and waiting for anything else. */
export interface ProcessCounters {
  atMs: number;
  /** utime + stime of all the process's threads (s). */
  cpuS: number;
  /** The main thread (where JavaScript and better-sqlite3 run): on a CPU, and runnable but waiting for one (s). */
  mainOnCpuS: number;
  mainWaitingS: number;
  /** Bytes through read/write system calls, and bytes that reached the storage layer. */
  readChars: number;
  writeChars: number;
  readBytes: number;
  writeBytes: number;
}

const CLOCK_TICKS_PER_S = 100;

export function processCounters(pid: number): ProcessCounters {
  const stat = readProc(pid, "stat") ?? "";
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // Fields 14 and 15 of /proc/<pid>/stat (utime, stime) are at 11 and 12 after the name.
  const cpuS = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  const [onCpuNs, waitingNs] = (readProc(pid, "schedstat") ?? "0 0").split(" ").map(Number);
  const io = readProc(pid, "io") ?? "";
  const ioField = (name: string) => Number(new RegExp(`^${name}: (\\d+)`, "m").exec(io)?.[1] ?? Number.NaN);
  return {
    atMs: Date.now(),
    cpuS,
    mainOnCpuS: (onCpuNs ?? 0) / 1e9,
    mainWaitingS: (waitingNs ?? 0) / 1e9,
    readChars: ioField("rchar"),
    writeChars: ioField("wchar"),
    readBytes: ioField("read_bytes"),
    writeBytes: ioField("write_bytes"),
  };
}

/** The difference between two readings, as rates and shares of the wall time between them. */
export function counterDelta(from: ProcessCounters, to: ProcessCounters) {
  const wallS = (to.atMs - from.atMs) / 1000;
  const mainOnCpuS = to.mainOnCpuS - from.mainOnCpuS;
  const mainWaitingS = to.mainWaitingS - from.mainWaitingS;
  return {
    wallS,
    cpuS: to.cpuS - from.cpuS,
    mainOnCpuS,
    mainWaitingS,
    /** Neither running nor runnable: sleeping on timers, I/O, locks or the request budget. */
    mainBlockedS: Math.max(0, wallS - mainOnCpuS - mainWaitingS),
    readMiB: (to.readChars - from.readChars) / 2 ** 20,
    writeMiB: (to.writeChars - from.writeChars) / 2 ** 20,
    diskReadMiB: (to.readBytes - from.readBytes) / 2 ** 20,
    diskWriteMiB: (to.writeBytes - from.writeBytes) / 2 ** 20,
  };
}
