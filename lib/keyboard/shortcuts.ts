/** What a key press asks for, once read (see readShortcut). */
export type ShortcutCommand =
  | { kind: "palette" }
  | { kind: "help" }
  | { kind: "focus-filter" }
  | { kind: "next-row" }
  | { kind: "previous-row" }
  | { kind: "back" }
  | { kind: "go"; href: string };

/** The pages `g` then a letter goes to. */
export const GO_TARGETS: Readonly<Record<string, { href: string; label: string }>> = {
  m: { href: "/migrations", label: "Migrations" },
  c: { href: "/companies", label: "Companies" },
  i: { href: "/insights", label: "Insights" },
  a: { href: "/alerts", label: "Alerts" },
};

/** For the help dialog, in the order a newcomer needs them. */
export const SHORTCUT_LIST: ReadonlyArray<{ keys: readonly string[]; what: string }> = [
  {
    keys: ["Ctrl K", "⌘ K"],
    what: "Command palette: a migration by id, a company or user by name, a page, a saved view",
  },
  { keys: ["/"], what: "Focus the filter" },
  { keys: ["j"], what: "Next row" },
  { keys: ["k"], what: "Previous row" },
  { keys: ["Enter"], what: "Open the row" },
  { keys: ["Esc"], what: "Back to the list (or leave the field you are typing in)" },
  ...Object.entries(GO_TARGETS).map(([key, target]) => ({ keys: [`g ${key}`], what: `Go to ${target.label}` })),
  { keys: ["?"], what: "This list" },
];

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The press happened in a text field (or anything editable): letters are typing, not commands. */
  inEditable: boolean;
}

/** How long `g` waits for its second key. */
export const SEQUENCE_TIMEOUT_MS = 1_500;

/**
 * Reads key presses into commands, keeping the pending `g` of a two-key sequence between calls.
 * Returns undefined for a press that is not a shortcut (the browser then handles it as usual).
 */
export function createShortcutReader(now: () => number = Date.now): (press: KeyPress) => ShortcutCommand | undefined {
  let pendingGoSince: number | undefined;
  return (press) => {
    if ((press.ctrlKey || press.metaKey) && !press.altKey && press.key.toLowerCase() === "k")
      return { kind: "palette" };
    if (press.inEditable || press.ctrlKey || press.metaKey || press.altKey) {
      pendingGoSince = undefined;
      return undefined;
    }
    const pending = pendingGoSince !== undefined && now() - pendingGoSince <= SEQUENCE_TIMEOUT_MS;
    pendingGoSince = undefined;
    if (pending) {
      const target = GO_TARGETS[press.key];
      return target ? { kind: "go", href: target.href } : undefined;
    }
    switch (press.key) {
      case "g":
        pendingGoSince = now();
        return undefined;
      case "/":
        return { kind: "focus-filter" };
      case "j":
        return { kind: "next-row" };
      case "k":
        return { kind: "previous-row" };
      case "?":
        return { kind: "help" };
      case "Escape":
        return { kind: "back" };
      default:
        return undefined;
    }
  };
}

/** The row to move to from `current` (-1: none yet), within `count` rows; undefined when there are none. */
export function nextRowIndex(current: number, count: number, direction: 1 | -1): number | undefined {
  if (count === 0) return undefined;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return Math.min(Math.max(current + direction, 0), count - 1);
}
