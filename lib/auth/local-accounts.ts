import "server-only";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir } from "@/lib/config/data-dir";
import { readEnv } from "@/lib/config/env";
import { isPasswordHash } from "./passwords";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "must be an email address" }));

const accountSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(100),
  passwordHash: z.string().refine(isPasswordHash, "must be a scrypt hash made by `npm run users -- add`"),
});

const usersFileSchema = z.object({ users: z.array(accountSchema) });

export type LocalAccount = z.infer<typeof accountSchema>;

/** AUTH_USERS_FILE, or users.json in the data folder. */
export function usersFilePath(): string {
  // Chosen at run time; the ignore comment keeps the build from tracing the whole project.
  return path.resolve(/*turbopackIgnore: true*/ readEnv("AUTH_USERS_FILE") ?? path.join(dataDir(), "users.json"));
}

/** The local accounts; an absent file means none. A broken file is an error that names the file and the problem. */
export function readLocalAccounts(file = usersFilePath()): LocalAccount[] {
  let text: string;
  try {
    text = readFileSync(/*turbopackIgnore: true*/ file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  const parsed = usersFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") ?? ""} ${issue?.message ?? "is invalid"}`.trim());
  }
  return parsed.data.users;
}

/** Writes atomically (temp file + rename), owner-only: the file holds password hashes. */
export function writeLocalAccounts(accounts: readonly LocalAccount[], file = usersFilePath()): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ users: accounts }, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

export function findLocalAccount(email: string, file = usersFilePath()): LocalAccount | undefined {
  const wanted = email.trim().toLowerCase();
  return readLocalAccounts(file).find((account) => account.email === wanted);
}
