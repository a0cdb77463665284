import "server-only";
import { parseArgs } from "node:util";
import { type CliIo, EXIT } from "@/lib/cli/io";
import { createApiKey, listApiKeys, revokeApiKey } from "../api-keys";
import type { EmbeddedDatabase } from "../database";
import { ensureOrganization, findOrganizationByName } from "../organizations";

export const KEYS_USAGE = `Usage:
  npm run keys -- create --org <name> [--label <text>]   create a key (the organization is created if new)
  npm run keys -- list                                   list keys (prefix only, never the key)
  npm run keys -- revoke <prefix>                        revoke every key with this prefix`;

function formatMicros(us: number | null): string {
  return us === null ? "-" : new Date(Math.floor(us / 1000)).toISOString();
}

/** Manages the embedded API's keys. Returns the process exit code. */
export function runKeysCli(argv: readonly string[], db: EmbeddedDatabase, io: CliIo): number {
  let parsed: ReturnType<typeof parseKeysArgs>;
  try {
    parsed = parseKeysArgs(argv);
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${KEYS_USAGE}`);
    return EXIT.usage;
  }
  const { command, org, label, positionals } = parsed;

  switch (command) {
    case "create": {
      if (!org) {
        io.err(`create needs --org <name>\n\n${KEYS_USAGE}`);
        return EXIT.usage;
      }
      let organization: ReturnType<typeof ensureOrganization>;
      try {
        const isNew = !findOrganizationByName(db, org.trim());
        organization = ensureOrganization(db, org);
        if (isNew) io.err(`Created organization "${organization.name}".`);
      } catch (error) {
        io.err(error instanceof Error ? error.message : String(error));
        return EXIT.usage;
      }
      const { key, prefix } = createApiKey(db, organization, label ?? null);
      io.err(`Created key ${prefix}… for organization "${organization.name}". It is shown once; store it now:`);
      io.out(key);
      return EXIT.ok;
    }
    case "list": {
      const keys = listApiKeys(db);
      if (keys.length === 0) {
        io.out("No keys yet. Create one with: npm run keys -- create --org <name>");
        return EXIT.ok;
      }
      io.out(["PREFIX", "ORGANIZATION", "CREATED", "REVOKED", "LABEL"].join("\t"));
      for (const k of keys) {
        io.out(
          [k.prefix, k.organization, formatMicros(k.createdUs), formatMicros(k.revokedUs), k.label ?? ""].join("\t"),
        );
      }
      return EXIT.ok;
    }
    case "revoke": {
      const prefix = positionals[0];
      if (!prefix || positionals.length > 1) {
        io.err(`revoke needs exactly one key prefix (see: npm run keys -- list)\n\n${KEYS_USAGE}`);
        return EXIT.usage;
      }
      const revoked = revokeApiKey(db, prefix);
      if (revoked === 0) {
        io.err(`No active key has the prefix "${prefix}".`);
        return EXIT.failed;
      }
      io.out(`Revoked ${revoked} key${revoked === 1 ? "" : "s"} with prefix ${prefix}.`);
      return EXIT.ok;
    }
    default:
      io.err(`${command ? `Unknown command "${command}".` : "No command given."}\n\n${KEYS_USAGE}`);
      return EXIT.usage;
  }
}

function parseKeysArgs(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { org: { type: "string" }, label: { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const [command, ...rest] = positionals;
  return { command, org: values.org, label: values.label, positionals: rest };
}
