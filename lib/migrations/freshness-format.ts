import { formatDuration } from "./format-time";
import type { SyncFreshness } from "./views";

/**
 * Words for how current the mirror is. Counts use one fixed locale: the server renders the first
 * paint, and a browser with another locale would otherwise disagree with it while hydrating.
 */
const countFormat = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** "4 s", then formatDuration's "12 min", "3 h 5 min": seconds matter while a sync is seconds old. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60 ? `${seconds} s` : formatDuration(ms);
}

/** "about 40 s left", "about 2 min left", "about 1 h 5 min left": rounded up, never falsely precise. */
export function formatEta(seconds: number): string {
  if (seconds < 10) return "a few seconds left";
  if (seconds < 60) return `about ${Math.ceil(seconds / 10) * 10} s left`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `about ${hours} h left` : `about ${hours} h ${minutes % 60} min left`;
}

export interface ProgressText {
  /** "Reading migrations: 34,000 of ~100,000" or "Reading migrations: 34,000 so far". */
  headline: string;
  /** "about 2 min left", only when the upstream gave a total and a rate is known. */
  eta?: string;
  /** "450 per second". */
  rate?: string;
  /** 0..1 when the total is known. */
  fraction?: number;
}

export function describeProgress(freshness: SyncFreshness): ProgressText {
  const progress = freshness.progress;
  if (!progress) return { headline: "Reading migrations: starting" };
  const read = formatCount(progress.rows_read);
  const total = progress.estimated_total;
  const text: ProgressText = {
    // "~": the upstream's own total, which moves while new migrations arrive.
    headline:
      total !== undefined
        ? `Reading migrations: ${read} of ~${formatCount(total)}`
        : `Reading migrations: ${read} so far`,
  };
  if (total !== undefined && total > 0) text.fraction = Math.min(1, progress.rows_read / total);
  if (total !== undefined && progress.eta_seconds !== undefined) text.eta = formatEta(progress.eta_seconds);
  if (progress.rate_per_second !== undefined && progress.rate_per_second > 0) {
    text.rate = `${formatCount(Math.round(progress.rate_per_second))} per second`;
  }
  return text;
}

/** True while the first full read has not finished: lists and counts cover only part of the upstream. */
export function isPartial(freshness: SyncFreshness | undefined): boolean {
  return freshness?.partial === true;
}

/** The short mark next to partial counts and totals. */
export function partialMark(freshness: SyncFreshness): string {
  return freshness.state === "failing" ? "partial: reading interrupted" : "partial: still reading";
}
