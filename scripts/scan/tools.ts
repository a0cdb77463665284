/**
 * The scanners are Debian's packages, not npm ones: `wapiti` (3.0.4 in bookworm) and `sqlmap`. Missing
 * ones are installed with apt-get when this runs as root on Debian; otherwise the scan stops and says
 * what to install.
 */
import { spawnSync } from "node:child_process";

export const TOOLS = [
  { command: "wapiti", aptPackage: "wapiti", versionArgs: ["--version"] },
  { command: "sqlmap", aptPackage: "sqlmap", versionArgs: ["--version"] },
] as const;

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function runVisible(command: string, args: readonly string[]): boolean {
  console.log(`> ${command} ${args.join(" ")}`);
  return (
    spawnSync(command, args, { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
      .status === 0
  );
}

export function ensureTools(): void {
  const missing = TOOLS.filter((tool) => !onPath(tool.command));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.aptPackage);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && onPath("apt-get")) {
    console.log(`Installing Debian's ${packages.join(" and ")} with apt-get…`);
    // Install from the current lists first; only when that fails are the lists refreshed (slow, network).
    const installArgs = ["install", "-y", "-qq", ...packages];
    if (!runVisible("apt-get", installArgs)) {
      if (runVisible("apt-get", ["update", "-qq"])) runVisible("apt-get", installArgs);
    }
  }
  const stillMissing = TOOLS.filter((tool) => !onPath(tool.command));
  if (stillMissing.length > 0) {
    const names = stillMissing.map((tool) => tool.aptPackage).join(" ");
    throw new Error(
      [
        `npm run scan needs ${stillMissing.map((tool) => tool.command).join(" and ")}, which could not be found or installed.`,
        `Install Debian's packages, then run it again:  sudo apt-get install ${names}`,
      ].join("\n"),
    );
  }
}

/** The first line the tool prints for its version (wapiti prints a banner first, so the line naming it). */
export function toolVersion(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { encoding: "utf8" });
  const lines = `${result.stdout ?? ""}\n${result.stderr ?? ""}`
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^Wapiti[- ]\d|^\d+\.\d+/.test(line)) ?? lines[0] ?? "unknown version";
}
