import { describe, expect, it } from "vitest";
import { createShortcutReader, type KeyPress, nextRowIndex, SEQUENCE_TIMEOUT_MS } from "./shortcuts";

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inEditable: false,
  ...extra,
});

describe("createShortcutReader", () => {
  it("reads the single keys", () => {
    const read = createShortcutReader();
    expect(read(press("/"))).toEqual({ kind: "focus-filter" });
    expect(read(press("j"))).toEqual({ kind: "next-row" });
    expect(read(press("k"))).toEqual({ kind: "previous-row" });
    expect(read(press("?"))).toEqual({ kind: "help" });
    expect(read(press("Escape"))).toEqual({ kind: "back" });
    expect(read(press("x"))).toBeUndefined();
  });

  it("opens the palette with Ctrl K or ⌘ K, even while typing", () => {
    const read = createShortcutReader();
    expect(read(press("k", { ctrlKey: true }))).toEqual({ kind: "palette" });
    expect(read(press("K", { metaKey: true, inEditable: true }))).toEqual({ kind: "palette" });
    expect(read(press("k", { ctrlKey: true, altKey: true }))).toBeUndefined();
  });

  it("leaves letters to a text field, and to the browser's own Ctrl/Alt shortcuts", () => {
    const read = createShortcutReader();
    for (const key of ["/", "j", "k", "?", "g", "Escape"])
      expect(read(press(key, { inEditable: true }))).toBeUndefined();
    expect(read(press("j", { altKey: true }))).toBeUndefined();
    expect(read(press("f", { ctrlKey: true }))).toBeUndefined();
  });

  it("g then a letter goes to a page; g then anything else is nothing, and does not linger", () => {
    const read = createShortcutReader();
    expect(read(press("g"))).toBeUndefined();
    expect(read(press("m"))).toEqual({ kind: "go", href: "/migrations" });
    expect(read(press("g"))).toBeUndefined();
    expect(read(press("c"))).toEqual({ kind: "go", href: "/companies" });
    read(press("g"));
    expect(read(press("i"))).toEqual({ kind: "go", href: "/insights" });
    read(press("g"));
    expect(read(press("z"))).toBeUndefined();
    // The g was used up: m alone is nothing.
    expect(read(press("m"))).toBeUndefined();
    // Typing "g" in a field then "m" outside it is no sequence.
    read(press("g", { inEditable: true }));
    expect(read(press("m"))).toBeUndefined();
  });

  it("a g waits only so long for its second key", () => {
    let now = 0;
    const read = createShortcutReader(() => now);
    read(press("g"));
    now += SEQUENCE_TIMEOUT_MS + 1;
    expect(read(press("m"))).toBeUndefined();
    read(press("g"));
    now += SEQUENCE_TIMEOUT_MS;
    expect(read(press("m"))).toEqual({ kind: "go", href: "/migrations" });
  });
});

describe("nextRowIndex", () => {
  it.each([
    [-1, 5, 1, 0],
    [-1, 5, -1, 4],
    [0, 5, 1, 1],
    [4, 5, 1, 4],
    [0, 5, -1, 0],
    [3, 5, -1, 2],
  ] as const)("from %i of %i going %i → %i", (current, count, direction, expected) => {
    expect(nextRowIndex(current, count, direction)).toBe(expected);
  });

  it("is undefined without rows", () => {
    expect(nextRowIndex(-1, 0, 1)).toBeUndefined();
  });
});
