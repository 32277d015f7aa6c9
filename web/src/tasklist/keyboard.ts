/** The Tasklist's keyboard shortcuts: which key does what, and the list the help shows. */

export type ShortcutAction =
  | "next"
  | "previous"
  | "claim"
  | "unclaim"
  | "complete"
  | "filters"
  | "search"
  | "help";

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: "j or ↓", action: "Next task in the list" },
  { keys: "k or ↑", action: "Previous task in the list" },
  { keys: "Enter", action: "Open the task" },
  { keys: "c", action: "Claim the open task" },
  { keys: "u", action: "Unclaim the open task" },
  { keys: "Ctrl+Enter", action: "Complete the open task" },
  { keys: "f", action: "Go to the filters" },
  { keys: "/", action: "Search tasks" },
  { keys: "?", action: "Show these shortcuts" },
  { keys: "Esc", action: "Close a dialog" },
];

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

/** Typing into a field (or a custom editor) keeps its keys. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

/** The shortcut a key press means, or null. Ctrl/Cmd+Enter completes even from a field. */
export function shortcutFor(event: KeyInput): ShortcutAction | null {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) return "complete";
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTyping(event.target)) return null;
  switch (event.key) {
    case "j":
    case "ArrowDown":
      return "next";
    case "k":
    case "ArrowUp":
      return "previous";
    case "c":
      return "claim";
    case "u":
      return "unclaim";
    case "f":
      return "filters";
    case "/":
      return "search";
    case "?":
      return "help";
    default:
      return null;
  }
}
