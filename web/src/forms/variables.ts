import type { FormValues } from "./types";

/** One row of the variables editor: a name and its value as the person typed it. */
export interface VariableRow {
  key: number;
  name: string;
  text: string;
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * A typed value: JSON where it is JSON (`42`, `true`, `{"a": 1}`, `"text"`), otherwise the
 * plain text itself. Text that starts like a JSON object, list or string but does not parse
 * is a mistake, not text.
 */
export function parseValue(text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: "" };
  try {
    return { ok: true, value: JSON.parse(trimmed) as unknown };
  } catch {
    if (/^[[{"]/.test(trimmed)) return { ok: false, message: "Not valid JSON" };
    return { ok: true, value: text };
  }
}

/** How a value is shown for editing: plain text for text that would read back the same. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") {
    const parsed = parseValue(value);
    return parsed.ok && parsed.value === value ? value : JSON.stringify(value);
  }
  return JSON.stringify(value) ?? "";
}

export function rowsOf(values: FormValues): VariableRow[] {
  return Object.entries(values).map(([name, value], key) => ({ key, name, text: formatValue(value) }));
}

/** Each row's problem (by row key), and the values when there is none. */
export function collect(rows: readonly VariableRow[]): {
  values: FormValues | null;
  problems: Map<number, string>;
} {
  const problems = new Map<number, string>();
  const values: FormValues = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    if (name === "") {
      if (row.text.trim() !== "") problems.set(row.key, "Give the variable a name");
      continue;
    }
    if (seen.has(name)) {
      problems.set(row.key, `"${name}" is already a variable above`);
      continue;
    }
    seen.add(name);
    const parsed = parseValue(row.text);
    if (parsed.ok) values[name] = parsed.value;
    else problems.set(row.key, parsed.message);
  }
  return { values: problems.size === 0 ? values : null, problems };
}
