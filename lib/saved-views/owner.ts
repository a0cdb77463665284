import "server-only";
import type { Session } from "next-auth";

/** Whose views these are: the signed-in user's e-mail address, lower-cased (undefined without one). */
export function viewOwner(session: Session): string | undefined {
  const email = session.user?.email?.trim().toLowerCase();
  return email ? email : undefined;
}
