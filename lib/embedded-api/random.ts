/** A small seeded PRNG (mulberry32): the same seed always gives the same demo data. */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: Random, maxExclusive: number): number {
  return Math.floor(random() * maxExclusive);
}

export function randomHex(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += randomInt(random, 16).toString(16);
  return out;
}

/** A version 4 UUID drawn from `random`, so seeded ids are reproducible. */
export function randomUuid(random: Random): string {
  const bytes = Array.from({ length: 16 }, () => randomInt(random, 256));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Picks an entry with probability proportional to its weight. */
export function weightedPick<T>(random: Random, entries: ReadonlyArray<readonly [T, number]>): T {
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [value, weight] of entries) {
    point -= weight;
    if (point < 0) return value;
  }
  return (entries[entries.length - 1] as readonly [T, number])[0];
}
