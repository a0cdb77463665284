/**
 * The Content-Security-Policy for one response. Scripts run only with this request's nonce
 * (Next.js reads it from the request's CSP header and puts it on its own scripts); 'strict-dynamic'
 * lets those scripts load the app's chunks. Styles allow inline attributes, which React emits.
 */
export function contentSecurityPolicy({
  nonce,
  development,
  formTargets = [],
}: {
  nonce: string;
  development: boolean;
  /** Origins a sign-in form may be sent on to (the SSO provider). */
  formTargets?: readonly string[];
}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    ["form-action 'self'", ...formTargets].join(" "),
  ];
  return directives.join("; ");
}
