/**
 * The API stores `created` as integer microseconds since the Unix epoch (exact, sortable) and
 * renders it the way the seed document shows it: ISO 8601 in UTC without a zone, six fractional digits.
 */
export function formatNaiveUtcMicros(epochMicros: number): string {
  if (!Number.isSafeInteger(epochMicros)) {
    throw new RangeError(`not an integer microsecond timestamp: ${epochMicros}`);
  }
  const millis = Math.floor(epochMicros / 1000);
  const micros = epochMicros - millis * 1000;
  // toISOString gives "YYYY-MM-DDTHH:mm:ss.sssZ"; keep the millisecond digits and add the last three.
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 23)}${String(micros).padStart(3, "0")}`;
}

export function epochMicrosFromDate(date: Date): number {
  return date.getTime() * 1000;
}
