import "server-only";
import { parseArgs } from "node:util";
import { type CliIo, EXIT } from "@/lib/cli/io";
import { emailSchema, readLocalAccounts, usersFilePath, writeLocalAccounts } from "../local-accounts";
import { hashPassword } from "../passwords";
import { unlockAccount } from "../sign-in-throttle";

export const USERS_USAGE = `Usage:
  npm run users -- add <email> [--name <name>] [--password <password>]   add or update (prompts for the password when absent)
  npm run users -- list
  npm run users -- remove <email>
  npm run users -- unlock <email>                                          lift the sign-in limits after failed tries

Accounts live in AUTH_USERS_FILE (default: users.json in the data folder), passwords as scrypt hashes.`;

export const MIN_PASSWORD_LENGTH = 12;

export interface UsersCliDeps {
  io: CliIo;
  /** Asks for the password when --password is not given (hidden input on a terminal). */
  promptPassword: () => Promise<string>;
  file?: string;
  /** Removes the account's counted sign-in failures; defaults to the app database (DATA_DIR or DATABASE_URL). */
  unlock?: (email: string) => Promise<number>;
}

async function unlockInAppDatabase(email: string): Promise<number> {
  const { openAppDatabase } = await import("@/lib/db/connection");
  const { databaseTarget } = await import("@/lib/db/settings");
  const database = await openAppDatabase(databaseTarget());
  try {
    return await unlockAccount(database.db, email);
  } finally {
    await database.close();
  }
}

/** Manages local accounts. Returns the process exit code. */
export async function runUsersCli(argv: readonly string[], deps: UsersCliDeps): Promise<number> {
  const { io } = deps;
  const file = deps.file ?? usersFilePath();
  let values: { name?: string; password?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: { name: { type: "string" }, password: { type: "string" } },
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n\n${USERS_USAGE}`);
    return EXIT.usage;
  }
  const [command, rawEmail, ...extra] = positionals;

  let accounts: ReturnType<typeof readLocalAccounts>;
  try {
    accounts = readLocalAccounts(file);
  } catch (error) {
    io.err(`Cannot read the accounts file: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }

  if (command === "list") {
    if (accounts.length === 0) io.out(`No local accounts in ${file}.`);
    for (const account of accounts) io.out(`${account.email}\t${account.name}`);
    return EXIT.ok;
  }
  if (command !== "add" && command !== "remove" && command !== "unlock") {
    io.err(`${command ? `Unknown command "${command}".` : "No command given."}\n\n${USERS_USAGE}`);
    return EXIT.usage;
  }
  const email = emailSchema.safeParse(rawEmail ?? "");
  if (!email.success || extra.length > 0) {
    io.err(`${command} needs exactly one email address.\n\n${USERS_USAGE}`);
    return EXIT.usage;
  }

  if (command === "unlock") {
    let removed: number;
    try {
      removed = await (deps.unlock ?? unlockInAppDatabase)(email.data);
    } catch (error) {
      io.err(`Cannot reach the app database: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT.failed;
    }
    io.out(
      removed > 0
        ? `Unlocked ${email.data}: ${removed} counted failure(s) removed.`
        : `${email.data} was not locked (no counted failures).`,
    );
    return EXIT.ok;
  }

  if (command === "remove") {
    const remaining = accounts.filter((account) => account.email !== email.data);
    if (remaining.length === accounts.length) {
      io.err(`No account ${email.data}.`);
      return EXIT.failed;
    }
    writeLocalAccounts(remaining, file);
    io.out(`Removed ${email.data}.`);
    return EXIT.ok;
  }

  const password = values.password ?? (await deps.promptPassword());
  if (password.length < MIN_PASSWORD_LENGTH) {
    io.err(`The password must have at least ${MIN_PASSWORD_LENGTH} characters. Nothing was changed.`);
    return EXIT.usage;
  }
  const existing = accounts.find((account) => account.email === email.data);
  const name = values.name?.trim() || existing?.name || email.data.split("@")[0] || email.data;
  const account = { email: email.data, name, passwordHash: await hashPassword(password) };
  writeLocalAccounts([...accounts.filter((a) => a.email !== email.data), account], file);
  io.out(`${existing ? "Updated" : "Added"} ${email.data} (${name}) in ${file}.`);
  return EXIT.ok;
}
