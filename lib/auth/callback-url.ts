export const DEFAULT_AFTER_SIGN_IN = "/";

/**
 * The path to go to after sign-in, only ever on this origin. Anything else — another origin,
 * a protocol-relative `//host`, backslashes (`/\host`, which browsers treat as `//host`),
 * control characters (`/<TAB>/host`), a path that resolves to `//…`, or another scheme whose
 * origin is this one (`blob:<origin>/x`, whose "path" is a whole URL) — gives the default. The
 * result always starts with a single `/`.
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
  const base = new URL(origin);
  if (url.origin !== base.origin || url.protocol !== base.protocol) return DEFAULT_AFTER_SIGN_IN;
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (!path.startsWith("/") || path.startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  return path;
}
