import type { FieldProblem } from "../api/client";

/** One step of a field path: a property name or a list index. */
export type PathPart = string | number;

/**
 * The server's field paths (`amount`, `address.city`, `items[2].name`, `["a b"]`, see
 * baton/forms/paths.py) as steps. Camunda form keys are dot paths too, so one reader serves
 * both kinds of form.
 */
export function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  let i = 0;
  while (i < path.length) {
    const char = path[i];
    if (char === ".") {
      i += 1;
    } else if (char === "[") {
      const end = closing(path, i);
      const inner = path.slice(i + 1, end);
      if (/^\d+$/.test(inner)) parts.push(Number(inner));
      else {
        try {
          parts.push(String(JSON.parse(inner)));
        } catch {
          parts.push(inner);
        }
      }
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== "." && path[end] !== "[") end += 1;
      parts.push(path.slice(i, end));
      i = end;
    }
  }
  return parts;
}

function closing(path: string, open: number): number {
  let inString = false;
  for (let i = open + 1; i < path.length; i += 1) {
    const char = path[i];
    if (inString) {
      if (char === "\\") i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "]") return i;
  }
  return path.length;
}

/** A canonical text for comparing paths from the server and from a form. */
export function pathKey(parts: readonly PathPart[]): string {
  return JSON.stringify(parts.map((part) => (typeof part === "number" ? part : String(part))));
}

/** The server's problems grouped by field (canonical path key → messages). */
export function problemsByField(problems: readonly FieldProblem[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const problem of problems) {
    const key = pathKey(parsePath(problem.path));
    found.set(key, [...(found.get(key) ?? []), problem.message]);
  }
  return found;
}
