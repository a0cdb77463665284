// `npm run env-table`: writes the configuration table of README.md from lib/config/env.ts (the one list
// of every environment variable), then lets Biome align it. A unit test fails while they differ.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { envTableMarkdown } from "@/lib/config/env";

const readme = path.join(__dirname, "..", "README.md");
const text = readFileSync(readme, "utf8");
const heading = "## Configuration\n";
const start = text.indexOf(heading);
if (start < 0) throw new Error("README.md has no '## Configuration' section");
const tableStart = text.indexOf("\n|", start) + 1;
let tableEnd = tableStart;
while (text.startsWith("|", tableEnd)) tableEnd = text.indexOf("\n", tableEnd) + 1;
writeFileSync(readme, `${text.slice(0, tableStart)}${envTableMarkdown()}\n${text.slice(tableEnd)}`);
const biome = spawnSync(path.join(__dirname, "..", "node_modules", ".bin", "biome"), ["format", "--write", readme], {
  stdio: "inherit",
});
process.exitCode = biome.status ?? 1;
