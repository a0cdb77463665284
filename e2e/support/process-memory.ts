import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/**
 * The memory of a server the runner started, read from /proc (Linux only): the runner knows the
 * port it gave each server, not the PID of the process behind `next start`.
 */

/** The inodes of the sockets listening on 127.0.0.1:`port` (IPv4, state LISTEN). */
function listeningInodes(port: number): Set<string> {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const inodes = new Set<string>();
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const fields = line.trim().split(/\s+/);
    // sl, local_address, rem_address, st, tx:rx queue, tr:when, retrnsmt, uid, timeout, inode
    if (fields[1] === local && fields[3] === "0A" && fields[9]) inodes.add(fields[9]);
  }
  return inodes;
}

/** The PID of the process listening on 127.0.0.1:`port`; throws when none of the readable ones is. */
export function pidListeningOn(port: number): number {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) throw new Error(`nothing listens on 127.0.0.1:${port}`);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const target = readlinkSync(`/proc/${entry}/fd/${fd}`);
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) return Number(entry);
      } catch {
        // closed meanwhile
      }
    }
  }
  throw new Error(`no readable process holds the socket listening on 127.0.0.1:${port}`);
}

/** The resident set size of `pid`, in KiB (VmRSS). */
export function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!match) throw new Error(`/proc/${pid}/status has no VmRSS`);
  return Number(match[1]);
}

/**
 * Samples the RSS of `pid` every `everyMs` while `work` runs: the baseline just before, and the
 * highest reading during (and right after) it, in KiB.
 */
export async function peakRssDuring<T>(
  pid: number,
  work: () => Promise<T>,
  everyMs = 25,
): Promise<{ result: T; baselineKiB: number; peakKiB: number }> {
  const baselineKiB = rssKiB(pid);
  let peakKiB = baselineKiB;
  const timer = setInterval(() => {
    peakKiB = Math.max(peakKiB, rssKiB(pid));
  }, everyMs);
  try {
    const result = await work();
    peakKiB = Math.max(peakKiB, rssKiB(pid));
    return { result, baselineKiB, peakKiB };
  } finally {
    clearInterval(timer);
  }
}
