import type { CompanyEntry, UserEntry } from "./entries";

/**
 * Plausible names for the embedded demo's generated ids, so a first start shows names rather than
 * hex. Deterministic for the same ids (each picks from its hash, the next free one on a clash),
 * fictional, and e-mails only under example.com.
 */
const COMPANY_WORDS = [
  "Northwind",
  "Bluebird",
  "Cedar",
  "Harbor",
  "Summit",
  "Lumen",
  "Atlas",
  "Maple",
  "Orchid",
  "Redwood",
  "Silverline",
  "Brightpath",
  "Keystone",
  "Evergreen",
  "Ironwood",
  "Nimbus",
  "Quarry",
  "Sterling",
  "Tidewater",
  "Willow",
];
const COMPANY_KINDS = [
  "Logistics",
  "Health",
  "Legal",
  "Studios",
  "Bank",
  "Foods",
  "Analytics",
  "Partners",
  "Labs",
  "Retail",
];
const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloé",
  "Dev",
  "Elif",
  "Farah",
  "Gus",
  "Hana",
  "Ivan",
  "Jia",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tomás",
  "Uma",
  "Viktor",
  "Wen",
  "Ximena",
  "Yusuf",
  "Zoe",
  "Aiko",
  "Bruno",
  "Carla",
  "Dmitri",
];
const LAST_NAMES = [
  "Lima",
  "Okafor",
  "Müller",
  "Tanaka",
  "Novak",
  "Haddad",
  "Larsen",
  "Singh",
  "Moreau",
  "Kowalski",
  "Silva",
  "Chen",
  "Andersen",
  "Rossi",
  "Nakamura",
  "Petrov",
  "García",
  "Dubois",
  "Mensah",
  "Ito",
  "Costa",
  "Fischer",
  "Kim",
  "Nguyen",
  "Ortiz",
  "Brennan",
  "Sato",
  "Yilmaz",
  "Jensen",
  "Alvarez",
];

function hash(text: string): number {
  let value = 2166136261;
  for (let i = 0; i < text.length; i++) value = Math.imul(value ^ text.charCodeAt(i), 16777619) >>> 0;
  return value;
}

/** One distinct name per id (ids in sorted order, so the same set always gets the same names). */
function assign(ids: readonly string[], count: number, nameAt: (index: number) => string): Map<string, string> {
  const taken = new Set<number>();
  const names = new Map<string, string>();
  for (const id of [...new Set(ids)].sort()) {
    let index = hash(id) % count;
    // Past `count` ids the names repeat with a number: fine for a demo of any size.
    let round = 0;
    while (taken.has(index + round * count)) {
      index = (index + 1) % count;
      if (index === hash(id) % count) round++;
    }
    taken.add(index + round * count);
    names.set(id, round === 0 ? nameAt(index) : `${nameAt(index)} ${round + 1}`);
  }
  return names;
}

function ascii(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

export function demoCompanyEntries(companyIds: readonly string[], ownerNames: readonly string[] = []): CompanyEntry[] {
  const names = assign(companyIds, COMPANY_WORDS.length * COMPANY_KINDS.length, (index) => {
    const word = COMPANY_WORDS[index % COMPANY_WORDS.length] as string;
    const kind = COMPANY_KINDS[Math.floor(index / COMPANY_WORDS.length)] as string;
    return `${word} ${kind}`;
  });
  return [...names].map(([company_id, name]) => ({
    company_id,
    name,
    owner: ownerNames.length > 0 ? (ownerNames[hash(`owner:${company_id}`) % ownerNames.length] ?? null) : null,
    notes: null,
  }));
}

export function demoUserEntries(userIds: readonly string[]): UserEntry[] {
  const names = assign(userIds, FIRST_NAMES.length * LAST_NAMES.length, (index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[Math.floor(index / FIRST_NAMES.length)] as string;
    return `${first} ${last}`;
  });
  return [...names].map(([user_id, name]) => ({
    user_id,
    name,
    email: `${ascii(name).replace(/[^a-z0-9]+/g, ".")}@example.com`,
  }));
}
