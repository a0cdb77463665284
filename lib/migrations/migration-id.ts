/** Migration ids are UUIDs; anything else never reaches an upstream URL. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isMigrationId(value: string): boolean {
  return UUID_PATTERN.test(value);
}
