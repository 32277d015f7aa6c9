import { createAjv } from "@jsonforms/core";

type JsonObject = Record<string, unknown>;

/** A template ready to preview and save, or the problems that stop it (each names its part). */
export type CheckedTemplate = { jsonSchema: JsonObject; templateUI: JsonObject | null; problems: [] } | { problems: string[] };

const ajv = createAjv({ strict: false });

function parseObject(text: string, what: string, optional: boolean): { value: JsonObject | null } | { error: string } {
  if (!text.trim()) return optional ? { value: null } : { error: `${what}: is empty (it must be a JSON object)` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `${what} is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { error: `${what} must be a JSON object` };
  }
  return { value: value as JsonObject };
}

/** What JSON Schema's meta-schema (and compiling it, for `$ref`s) says is wrong with `schema`. */
function schemaProblems(schema: JsonObject): string[] {
  if (!ajv.validateSchema(schema)) {
    return (ajv.errors ?? []).map((e) => `JSON Schema ${e.instancePath || "(root)"}: ${e.message ?? "is invalid"}`);
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    return [`JSON Schema: ${(error as Error).message}`];
  }
  return [];
}

/**
 * The editor's two texts as a template: both must be JSON objects (the UI schema may be
 * empty: JSON Forms then lays out every field), and the schema a valid JSON Schema.
 */
export function checkTemplate(schemaText: string, uiText: string): CheckedTemplate {
  const schema = parseObject(schemaText, "JSON Schema", false);
  const ui = parseObject(uiText, "UI schema", true);
  const problems = [...("error" in schema ? [schema.error] : []), ...("error" in ui ? [ui.error] : [])];
  if ("error" in schema || "error" in ui || schema.value === null) return { problems };
  const invalid = schemaProblems(schema.value);
  if (invalid.length) return { problems: invalid };
  return { jsonSchema: schema.value, templateUI: ui.value, problems: [] };
}

/** A template as a draft's content: the editors' texts, kept as objects when they parse. */
export function draftContent(name: string, schemaText: string, uiText: string): string {
  const keep = (text: string) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };
  return JSON.stringify({ name, jsonSchema: keep(schemaText), templateUI: keep(uiText) }, null, 2);
}

/** The editors' texts from a draft's (or a saved version's) content. */
export function editorTexts(content: { jsonSchema?: unknown; templateUI?: unknown }): { schema: string; ui: string } {
  const text = (value: unknown) =>
    typeof value === "string" ? value : value === undefined || value === null ? "" : JSON.stringify(value, null, 2);
  return { schema: text(content.jsonSchema), ui: text(content.templateUI) };
}
