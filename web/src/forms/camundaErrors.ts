import type { FieldProblem } from "../api/client";
import { parsePath, pathKey } from "./paths";
import type { PathPart } from "./paths";

/** form-js errors: by field id, then one level per dynamic-list index, then messages. */
export type FormJsErrors = Record<string, unknown>;

interface Component {
  id?: unknown;
  type?: unknown;
  key?: unknown;
  path?: unknown;
  components?: unknown;
}

const GROUPS = new Set(["group"]);
const LISTS = new Set(["dynamiclist"]);

function children(container: Component): Component[] {
  return Array.isArray(container.components)
    ? container.components.filter((c): c is Component => typeof c === "object" && c !== null)
    : [];
}

function split(text: unknown): string[] {
  return typeof text === "string" && text ? text.split(".") : [];
}

/**
 * Where each server problem shows in a form-js form: the field bound to its path (keys and
 * group paths are dot paths; a dynamic list's items are indexed, as baton/forms/camunda_values.py
 * reports them). The schema must be the imported one (form-js gives every field an id).
 * Problems with no field are returned apart.
 */
export function camundaErrors(
  schema: Component,
  problems: readonly FieldProblem[],
): { errors: FormJsErrors; elsewhere: FieldProblem[] } {
  const errors: FormJsErrors = {};
  const elsewhere: FieldProblem[] = [];
  for (const problem of problems) {
    const target = findField(schema, parsePath(problem.path), []);
    if (!target) {
      elsewhere.push(problem);
      continue;
    }
    let node = errors;
    const steps: PathPart[] = [target.id, ...target.indexes];
    steps.forEach((step, i) => {
      const name = String(step);
      if (i === steps.length - 1) {
        const before = Array.isArray(node[name]) ? (node[name] as string[]) : [];
        node[name] = [...before, problem.message];
      } else {
        if (typeof node[name] !== "object" || node[name] === null || Array.isArray(node[name])) node[name] = {};
        node = node[name] as FormJsErrors;
      }
    });
  }
  return { errors, elsewhere };
}

function findField(
  container: Component,
  path: PathPart[],
  prefix: string[],
): { id: string; indexes: number[] } | null {
  const wanted = pathKey(path);
  for (const component of children(container)) {
    const type = String(component.type ?? "");
    if (GROUPS.has(type)) {
      const found = findField(component, path, [...prefix, ...split(component.path)]);
      if (found) return found;
    } else if (LISTS.has(type)) {
      const listPath = [...prefix, ...split(component.path)];
      const index = path[listPath.length];
      const head = path.slice(0, listPath.length);
      if (pathKey(head) === pathKey(listPath) && typeof index === "number") {
        const found = findField(component, path.slice(listPath.length + 1), []);
        if (found) return { id: found.id, indexes: [index, ...found.indexes] };
      }
      // a problem with the list itself has no field to show on: it is listed apart
    } else if (typeof component.key === "string" && typeof component.id === "string") {
      if (pathKey([...prefix, ...split(component.key)]) === wanted) return { id: component.id, indexes: [] };
    }
  }
  return null;
}
