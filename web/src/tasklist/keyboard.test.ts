import { expect, test } from "vitest";
import { shortcutFor } from "./keyboard";
import type { KeyInput } from "./keyboard";

function press(key: string, extra: Partial<KeyInput> = {}): KeyInput {
  return { key, ctrlKey: false, metaKey: false, altKey: false, target: document.body, ...extra };
}

test("letters and arrows map to the list and task shortcuts", () => {
  expect(shortcutFor(press("j"))).toBe("next");
  expect(shortcutFor(press("ArrowDown"))).toBe("next");
  expect(shortcutFor(press("k"))).toBe("previous");
  expect(shortcutFor(press("ArrowUp"))).toBe("previous");
  expect(shortcutFor(press("c"))).toBe("claim");
  expect(shortcutFor(press("u"))).toBe("unclaim");
  expect(shortcutFor(press("f"))).toBe("filters");
  expect(shortcutFor(press("/"))).toBe("search");
  expect(shortcutFor(press("?"))).toBe("help");
  expect(shortcutFor(press("x"))).toBeNull();
  expect(shortcutFor(press("Enter"))).toBeNull(); // Enter follows the focused link itself
});

test("typing in a field keeps its keys, but Control+Enter completes from anywhere", () => {
  const input = document.createElement("input");
  const textarea = document.createElement("textarea");
  expect(shortcutFor(press("c", { target: input }))).toBeNull();
  expect(shortcutFor(press("j", { target: textarea }))).toBeNull();
  expect(shortcutFor(press("Enter", { target: textarea, ctrlKey: true }))).toBe("complete");
  expect(shortcutFor(press("Enter", { metaKey: true }))).toBe("complete");
  const checkbox = document.createElement("input");
  checkbox.type = "checkbox";
  expect(shortcutFor(press("j", { target: checkbox }))).toBe("next");
});

test("other modifiers leave the browser's own shortcuts alone", () => {
  expect(shortcutFor(press("c", { ctrlKey: true }))).toBeNull();
  expect(shortcutFor(press("f", { altKey: true }))).toBeNull();
});
