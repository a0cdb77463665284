/**
 * next-auth trusts the host (`trustHost`) and builds its URLs from `X-Forwarded-Proto` and
 * `X-Forwarded-Host` (else `Host`) as sent, so a value that makes no URL — `javascript`, a list
 * from a chain of proxies (`http, https`), a host with a space or a port out of range — fails
 * every session check with a 500. Such a header is ignored instead: the scheme and host of the
 * request as the server received it take its place, and a list keeps its first (client-side) entry.
 */
const SCHEMES = new Set(["http", "https"]);

function firstEntry(value: string): string {
  return (value.split(",")[0] ?? "").trim();
}

/** `name`, `name:port`, `v4:port`, `[v6]:port`: nothing a URL would read as a path, user or query. */
function isPlainHost(value: string): boolean {
  if (!/^[A-Za-z0-9.\-:[\]]+$/.test(value)) return false;
  try {
    new URL(`http://${value}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The request's headers with the forwarded scheme and host made usable, or undefined when they
 * already are (the common case: nothing to copy). `requestUrl` is the URL Next resolved for the
 * request, whose scheme already ignores an unknown `X-Forwarded-Proto`.
 */
export function saneForwardedHeaders(headers: Headers, requestUrl: URL): Headers | undefined {
  const fixes = new Map<string, string | null>();

  const proto = headers.get("x-forwarded-proto");
  if (proto !== null) {
    const first = firstEntry(proto).toLowerCase();
    const sane = SCHEMES.has(first) ? first : requestUrl.protocol.replace(/:$/, "");
    if (sane !== proto) fixes.set("x-forwarded-proto", sane);
  }

  const forwardedHost = headers.get("x-forwarded-host");
  if (forwardedHost !== null) {
    const first = firstEntry(forwardedHost);
    if (!isPlainHost(first)) fixes.set("x-forwarded-host", null);
    else if (first !== forwardedHost) fixes.set("x-forwarded-host", first);
  }

  const host = headers.get("host");
  if (host !== null && !isPlainHost(host)) fixes.set("host", requestUrl.host);

  if (fixes.size === 0) return undefined;
  const sane = new Headers(headers);
  for (const [name, value] of fixes) {
    if (value === null) sane.delete(name);
    else sane.set(name, value);
  }
  return sane;
}
