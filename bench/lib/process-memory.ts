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
export function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
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
