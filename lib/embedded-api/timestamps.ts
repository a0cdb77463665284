/**
 * The API stores `created` as integer microseconds since the Unix epoch (exact, sortable) and
 * renders it the way the seed document shows it: ISO 8601 in UTC without a zone, six fractional digits.
 */
const DAY_US = 86_400_000_000;
const HOUR_US = 3_600_000_000;
const MINUTE_US = 60_000_000;
const SECOND_US = 1_000_000;

// A page of migrations mostly shares a few days: the date part is computed once per day seen.
let cachedDay = Number.NaN;
let cachedDatePrefix = "";

const pad = (value: number, width: number) => String(value).padStart(width, "0");

export function formatNaiveUtcMicros(epochMicros: number): string {
  if (!Number.isSafeInteger(epochMicros)) {
    throw new RangeError(`not an integer microsecond timestamp: ${epochMicros}`);
  }
  const day = Math.floor(epochMicros / DAY_US);
  if (day !== cachedDay) {
    cachedDatePrefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = epochMicros - day * DAY_US;
  const hours = Math.floor(rest / HOUR_US);
  rest -= hours * HOUR_US;
  const minutes = Math.floor(rest / MINUTE_US);
  rest -= minutes * MINUTE_US;
  const seconds = Math.floor(rest / SECOND_US);
  rest -= seconds * SECOND_US;
  return `${cachedDatePrefix}${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(rest, 6)}`;
}

export function epochMicrosFromDate(date: Date): number {
  return date.getTime() * 1000;
}
