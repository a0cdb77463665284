import "server-only";
import { getEmbeddedDatabase } from "./database";
import type { EmbeddedApiContext } from "./handlers";
import { isStrictContract } from "./settings";

export function embeddedApiContext(): EmbeddedApiContext {
  return { db: getEmbeddedDatabase(), strict: isStrictContract() };
}
