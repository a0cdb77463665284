export const DEFAULT_AFTER_SIGN_IN = "/";

/**
 * The path to go to after sign-in, only ever on this origin. Anything else — another origin,
 * a protocol-relative `//host`, backslashes (`/\host`, which browsers treat as `//host`),
 * control characters (`/<TAB>/host`), or a path that resolves to `//…` — gives the default.
 */
export function safeCallbackPath(raw: string | null | undefined, origin: string): string {
  if (!raw || raw.length > 2048) return DEFAULT_AFTER_SIGN_IN;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return DEFAULT_AFTER_SIGN_IN;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  if (url.origin !== new URL(origin).origin) return DEFAULT_AFTER_SIGN_IN;
  if (url.pathname.startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  return `${url.pathname}${url.search}${url.hash}`;
}
