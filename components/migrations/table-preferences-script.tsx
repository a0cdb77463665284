import { TABLE_PREFERENCES_SCRIPT } from "@/lib/migrations/table-preferences";

/** The table preferences' pre-paint script (see TABLE_PREFERENCES_SCRIPT), allowed by this request's nonce. */
export function TablePreferencesScript({ nonce }: { nonce: string | undefined }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: a constant script, allowed by its nonce.
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TABLE_PREFERENCES_SCRIPT }} />;
}
