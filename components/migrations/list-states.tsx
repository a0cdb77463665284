import Link from "next/link";
import type { ReactNode } from "react";
import type { ClientErrorCode } from "@/lib/migrations/error-codes";

type ErrorMessage = { title: string; detail: string };

/**
 * What the UI says for each error code. A record over every code the browser can meet: a new code
 * fails the type check until it has a message here. `fallback` is the server's own message.
 */
const ERROR_MESSAGES: Record<ClientErrorCode, (fallback: string, retryAfterSeconds?: number) => ErrorMessage> = {
  key_rejected: () => ({
    title: "The Migrations API rejected the configured key",
    detail: "The dashboard's API key is wrong or was revoked. An administrator needs to check MIGRATIONS_API_KEY.",
  }),
  upstream_unavailable: () => ({
    title: "The Migrations API is unavailable",
    detail: "It is down or cannot be reached right now.",
  }),
  rate_limited: (_fallback, retryAfterSeconds) => ({
    title: "The Migrations API is rate limiting the dashboard",
    detail: retryAfterSeconds ? `Try again in ${retryAfterSeconds} s.` : "Try again in a few seconds.",
  }),
  timed_out: () => ({
    title: "The Migrations API did not answer in time",
    detail: "It may be overloaded. Try again shortly.",
  }),
  bad_upstream_response: () => ({
    title: "The Migrations API sent data the dashboard does not understand",
    detail: "Its response did not match the documented format.",
  }),
  unauthenticated: () => ({ title: "Your session has ended", detail: "Sign in again to continue." }),
  network: () => ({ title: "The dashboard's server cannot be reached", detail: "Check your connection." }),
  invalid_parameter: (fallback) => ({ title: "This view's address is not valid", detail: fallback }),
  // The dashboard only ever reads (GET): another method comes from something else.
  method_not_allowed: (fallback) => ({ title: "Something went wrong", detail: fallback }),
  not_found: (fallback) => ({ title: "Not found", detail: fallback }),
  not_configured: (fallback) => ({ title: "The dashboard is not configured", detail: fallback }),
  internal_error: (fallback) => ({ title: "Something went wrong", detail: fallback }),
  bad_format: (fallback) => ({ title: "Something went wrong", detail: fallback }),
  unexpected: (fallback) => ({ title: "Something went wrong", detail: fallback }),
};

export function errorMessageFor(code: ClientErrorCode, fallback: string, retryAfterSeconds?: number): ErrorMessage {
  return ERROR_MESSAGES[code](fallback, retryAfterSeconds);
}

function Panel({
  testId,
  title,
  children,
  tone = "neutral",
}: {
  testId: string;
  title: string;
  children?: ReactNode;
  tone?: "neutral" | "error";
}) {
  return (
    <div
      data-testid={testId}
      className={`flex flex-col items-center gap-2 rounded-lg border px-6 py-12 text-center ${tone === "error" ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100" : "border-dashed border-slate-300 text-slate-800 dark:border-slate-700 dark:text-slate-200"}`}
    >
      <h2 className="text-base font-semibold">{title}</h2>
      {children}
    </div>
  );
}

const actionClass =
  "mt-2 rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

export function NoMigrationsYet() {
  return (
    <Panel testId="empty-no-migrations" title="No migrations yet">
      <p className="text-sm">Migrations appear here as soon as your end users start one in the migration modal.</p>
    </Panel>
  );
}

/** Nothing mirrored yet, because the sync has not read (or could not read) the upstream yet: not "no migrations". */
export function NothingReadYet({ failing }: { failing: boolean }) {
  return (
    <Panel testId="empty-not-read-yet" title={failing ? "No migrations could be read yet" : "Reading migrations…"}>
      <p className="text-sm">
        {failing
          ? "The dashboard has not been able to read the Migrations API yet; see the notice above. It keeps trying."
          : "The dashboard is reading the Migrations API for the first time. Migrations appear here as they are read."}
      </p>
    </Panel>
  );
}

export function NoMatches({ onClear, partial = false }: { onClear: () => void; partial?: boolean }) {
  return (
    <Panel testId="empty-no-matches" title="No migrations match these filters">
      <p className="text-sm">Try other statuses, or another company or user.</p>
      {partial ? (
        <p className="text-sm">The first read of the Migrations API has not finished: matches may still appear.</p>
      ) : null}
      <button type="button" onClick={onClear} className={actionClass}>
        Clear filters
      </button>
    </Panel>
  );
}

export function ErrorPanel({
  code,
  message,
  retryAfterSeconds,
  onRetry,
  retrying,
}: {
  code: ClientErrorCode;
  message: string;
  retryAfterSeconds?: number;
  onRetry: () => void;
  retrying: boolean;
}) {
  const { title, detail } = errorMessageFor(code, message, retryAfterSeconds);
  return (
    <Panel testId="error-panel" title={title} tone="error">
      <p className="text-sm" data-testid="error-detail" data-code={code}>
        {detail}
      </p>
      {code === "unauthenticated" ? (
        <Link href="/signin" className={actionClass}>
          Sign in
        </Link>
      ) : (
        <button type="button" onClick={onRetry} disabled={retrying} className={actionClass}>
          {retrying ? "Retrying…" : "Retry"}
        </button>
      )}
    </Panel>
  );
}

export function TableSkeleton({ rows = 10 }: { rows?: number }) {
  return (
    <div
      data-testid="list-skeleton"
      role="status"
      aria-busy="true"
      aria-label="Loading migrations"
      className="rounded-lg border border-slate-200 dark:border-slate-700"
    >
      {Array.from({ length: rows }, (_, index) => `placeholder-${index}`).map((key) => (
        <div
          key={key}
          className="flex h-[41px] items-center gap-4 border-t border-slate-100 px-3 first:border-t-0 dark:border-slate-800"
        >
          <div className="h-4 w-24 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
          <div className="h-4 w-28 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
          <div className="h-4 w-44 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
          <div className="h-4 w-32 animate-pulse rounded bg-slate-200 dark:bg-slate-700" />
        </div>
      ))}
    </div>
  );
}
