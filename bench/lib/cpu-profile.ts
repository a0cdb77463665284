/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the time went, by function (self time and
 * time including callees) and by package or app folder. The production build is minified, so call frames
 * in `.next` are mapped back to the TypeScript source through the build's source maps (node:module's
 * SourceMap), and the function's name is read from that source line.
 */
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  name: string;
  /** Source file and line (mapped back from the build when possible), or a package. */
  where: string;
  group: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  file: string;
  wallMs: number;
  /** The part of the profile summarised: from the first to the last sample with a `windowFunction` frame. */
  window?: { functionName: string; fromMs: number; toMs: number };
  sampledMs: number;
  idleMs: number;
  gcMs: number;
  programMs: number;
  topSelf: FunctionTime[];
  topTotal: FunctionTime[];
  groups: Array<{ group: string; ms: number; percent: number }>;
  /** Self time of `breakdown.leaf` split by the statement kind and the app function that issued it. */
  breakdown?: Array<{ label: string; ms: number; percent: number }>;
}

interface Site {
  key: string;
  name: string;
  where: string;
  group: string;
}

const SPECIAL = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

/** Source maps of the build's chunks, loaded once per file. */
class SourceMaps {
  private readonly cache = new Map<string, { map: SourceMap; sources: Map<string, string[]> } | null>();

  constructor(private readonly root: string) {}

  private load(file: string) {
    if (this.cache.has(file)) return this.cache.get(file) ?? null;
    let entry: { map: SourceMap; sources: Map<string, string[]> } | null = null;
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) {
      try {
        const payload = JSON.parse(readFileSync(mapFile, "utf8")) as {
          sources?: string[];
          sourcesContent?: Array<string | null>;
        };
        const sources = new Map<string, string[]>();
        for (const [i, source] of (payload.sources ?? []).entries()) {
          const content = payload.sourcesContent?.[i];
          if (content) sources.set(source, content.split("\n"));
        }
        entry = { map: new SourceMap(payload as ConstructorParameters<typeof SourceMap>[0]), sources };
      } catch {
        entry = null;
      }
    }
    this.cache.set(file, entry);
    return entry;
  }

  /** The original file (relative to the repo), line and source text of a position in a built file. */
  original(file: string, line: number, column: number) {
    const loaded = this.load(file);
    if (!loaded) return undefined;
    const found = loaded.map.findEntry(line, column) as {
      originalSource?: string;
      originalLine?: number;
      name?: string;
    };
    if (!found.originalSource || found.originalLine === undefined) return undefined;
    const text = loaded.sources.get(found.originalSource)?.[found.originalLine];
    const resolved = found.originalSource.startsWith("file://")
      ? fileURLToPath(found.originalSource)
      : path.resolve(path.dirname(file), found.originalSource);
    return {
      source: path.relative(this.root, resolved),
      line: found.originalLine + 1,
      text: text?.trim() ?? "",
      name: found.name,
    };
  }
}

/** A readable name for the function that starts on this source line. */
function nameFromSource(text: string): string | undefined {
  const patterns = [
    /function\s*\*?\s*([\w$]+)/,
    /(?:^|\s)(?:static\s+|private\s+|protected\s+|public\s+|readonly\s+|async\s+|get\s+|set\s+)*([\w$]+)\s*(?:<[^>]*>)?\(/,
    /([\w$]+)\s*[:=]\s*(?:async\s*)?(?:function|\(|[\w$]+\s*=>)/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match?.[1] && !["if", "for", "while", "switch", "return", "catch"].includes(match[1])) return match[1];
  }
  return undefined;
}

/** The package of a node_modules path ("@scope/name" or "name"), or undefined. */
function packageOf(file: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  return match?.[1];
}

/** lib/sync/engine.ts → "app lib/sync"; app/api/… → "app app/api". */
function appGroup(source: string): string {
  const parts = source.split("/");
  return `app ${parts.slice(0, Math.min(2, parts.length - 1)).join("/") || source}`;
}

function siteOf(frame: CallFrame, maps: SourceMaps, root: string): Site {
  const { functionName, url } = frame;
  if (SPECIAL.has(functionName)) return { key: functionName, name: functionName, where: "", group: functionName };
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  if (!file) {
    const name = functionName || "(anonymous)";
    return { key: `native ${name}`, name, where: "native", group: "native / V8 builtins" };
  }
  if (file.startsWith("node:")) {
    const name = functionName || "(anonymous)";
    return { key: `${file} ${name}`, name, where: file, group: "node internals" };
  }
  const mapped = file.includes(`${path.sep}.next${path.sep}`)
    ? maps.original(file, frame.lineNumber, frame.columnNumber)
    : undefined;
  if (mapped) {
    const pkg = packageOf(mapped.source);
    const name = nameFromSource(mapped.text) ?? mapped.name ?? (functionName || "(anonymous)");
    const where = `${pkg ? mapped.source.slice(mapped.source.indexOf(`node_modules/${pkg}`) + 13) : mapped.source}:${mapped.line}`;
    return { key: `${mapped.source}:${mapped.line} ${name}`, name, where, group: pkg ?? appGroup(mapped.source) };
  }
  const relative = path.relative(root, file);
  const pkg = packageOf(relative);
  const name = functionName || "(anonymous)";
  const where = `${pkg ? relative.slice(relative.indexOf(`node_modules/${pkg}`) + 13) : relative}:${frame.lineNumber + 1}`;
  return {
    key: `${relative}:${frame.lineNumber}:${frame.columnNumber} ${name}`,
    name,
    where,
    group: pkg ?? (relative.startsWith(".next") ? "next build (unmapped)" : appGroup(relative)),
  };
}

function top(times: Map<string, { site: Site; ms: number }>, sampledMs: number, count: number): FunctionTime[] {
  return [...times.values()]
    .filter(({ site }) => !SPECIAL.has(site.name))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, count)
    .map(({ site, ms }) => ({
      name: site.name,
      where: site.where,
      group: site.group,
      ms,
      percent: (100 * ms) / sampledMs,
    }));
}

export interface SummaryOptions {
  /** How many functions per table. */
  count?: number;
  /**
   * Summarise only from the first to the last sample whose stack holds this function (an app function,
   * e.g. "walkStep"), which leaves out the server's start-up and what runs after.
   */
  windowFunction?: string;
  /**
   * A function whose self time to split by its callers (e.g. Kysely's SQLite `executeQuery`, where the
   * native SQLite work is counted): by the statement kind (BEGIN/COMMIT/INSERT/SELECT/UPDATE/DELETE) and the
   * nearest app function on the synchronous stack.
   */
  breakdown?: { leaf: string; group: string };
}

const TRANSACTION_STEPS: Record<string, string> = {
  beginTransaction: "BEGIN",
  commitTransaction: "COMMIT",
  rollbackTransaction: "ROLLBACK",
};

/** "COMMIT", "INSERT from recordObservedMigrations (lib/mirror/…:58)", … for one stack below the leaf. */
function statementLabel(stack: readonly Site[]): string {
  let kind: string | undefined;
  for (const site of stack.slice(1)) {
    const step = TRANSACTION_STEPS[site.name];
    if (step) {
      kind = step;
      break;
    }
    const builder = /(insert|select|update|delete)-query-builder/.exec(site.where);
    if (builder?.[1]) {
      kind = builder[1].toUpperCase();
      break;
    }
  }
  const caller = stack.find((site) => site.group.startsWith("app "));
  return `${kind ?? "other SQL"} ${caller ? `from ${caller.name} (${caller.where})` : "(issuer not on the synchronous stack)"}`;
}

export function summarizeCpuProfile(file: string, root: string, options: SummaryOptions = {}): ProfileSummary {
  const count = options.count ?? 25;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const maps = new SourceMaps(root);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const sites = new Map<number, Site>();
  const siteOfNode = (id: number): Site => {
    let site = sites.get(id);
    if (!site) {
      site = siteOf((nodes.get(id) as ProfileNode).callFrame, maps, root);
      sites.set(id, site);
    }
    return site;
  };

  const stackOf = (leaf: number): Site[] => {
    const stack: Site[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parents.get(id)) stack.push(siteOfNode(id));
    return stack;
  };

  // Sample times (ms since the profile's start) and, when asked, the window to summarise.
  const times: number[] = [];
  let clock = 0;
  for (const delta of profile.timeDeltas) {
    clock += delta / 1000;
    times.push(clock);
  }
  let first = 0;
  let last = profile.samples.length - 1;
  let window: ProfileSummary["window"];
  if (options.windowFunction) {
    const inWindow = profile.samples.map((nodeId) =>
      stackOf(nodeId).some((site) => site.name === options.windowFunction && site.group.startsWith("app ")),
    );
    const from = inWindow.indexOf(true);
    const to = inWindow.lastIndexOf(true);
    if (from >= 0) {
      first = from;
      last = to;
      window = { functionName: options.windowFunction, fromMs: times[from] ?? 0, toMs: times[to] ?? 0 };
    }
  }

  const self = new Map<string, { site: Site; ms: number }>();
  const total = new Map<string, { site: Site; ms: number }>();
  const groups = new Map<string, number>();
  const breakdown = new Map<string, number>();
  let sampledMs = 0;
  for (const [i, nodeId] of profile.samples.entries()) {
    if (i < first || i > last) continue;
    // The time until the next sample belongs to this one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (ms <= 0) continue;
    sampledMs += ms;
    const leaf = siteOfNode(nodeId);
    const entry = self.get(leaf.key) ?? { site: leaf, ms: 0 };
    entry.ms += ms;
    self.set(leaf.key, entry);
    groups.set(leaf.group, (groups.get(leaf.group) ?? 0) + ms);
    const stack = stackOf(nodeId);
    if (options.breakdown && leaf.name === options.breakdown.leaf && leaf.group === options.breakdown.group) {
      const label = statementLabel(stack);
      breakdown.set(label, (breakdown.get(label) ?? 0) + ms);
    }
    // Every function on the stack once, however often it recurses.
    const seen = new Set<string>();
    for (const site of stack) {
      if (seen.has(site.key)) continue;
      seen.add(site.key);
      const sum = total.get(site.key) ?? { site, ms: 0 };
      sum.ms += ms;
      total.set(site.key, sum);
    }
  }
  const special = (name: string) => self.get(name)?.ms ?? 0;
  return {
    file,
    wallMs: (profile.endTime - profile.startTime) / 1000,
    ...(window ? { window } : {}),
    sampledMs,
    idleMs: special("(idle)"),
    gcMs: special("(garbage collector)"),
    programMs: special("(program)"),
    topSelf: top(self, sampledMs, count),
    // By total time only the app's own functions: library internals are all "on the stack" of everything.
    topTotal: top(
      new Map(
        [...total].filter(([, { site }]) => site.group.startsWith("app lib") || site.group.startsWith("app app")),
      ),
      sampledMs,
      count,
    ),
    ...(options.breakdown
      ? {
          breakdown: [...breakdown]
            .sort((a, b) => b[1] - a[1])
            .map(([label, ms]) => ({ label, ms, percent: (100 * ms) / sampledMs })),
        }
      : {}),
    groups: [...groups]
      .sort((a, b) => b[1] - a[1])
      .map(([group, ms]) => ({ group, ms, percent: (100 * ms) / sampledMs })),
  };
}
