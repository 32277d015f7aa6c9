import { CompletionContext } from "@codemirror/autocomplete";
import type { CompletionResult, CompletionSource } from "@codemirror/autocomplete";
import { EditorState } from "@codemirror/state";
import { expect, test } from "vitest";
import { jsonEditorExtensions } from "./jsonEditor";
import { TASK_TYPES, WORKFLOW_SCHEMA } from "./workflowSchema";

/** The completions the workflow editor offers where `|` stands in `text`. */
async function completionsAt(text: string): Promise<string[]> {
  const pos = text.indexOf("|");
  const doc = text.slice(0, pos) + text.slice(pos + 1);
  const state = EditorState.create({ doc, extensions: jsonEditorExtensions(WORKFLOW_SCHEMA, "Workflow", () => {}) });
  const sources = state.languageDataAt<CompletionSource>("autocomplete", pos);
  const labels: string[] = [];
  for (const source of sources) {
    const result = (await source(new CompletionContext(state, pos, true))) as CompletionResult | null;
    for (const option of result?.options ?? []) labels.push(option.label);
  }
  return labels;
}

test("the workflow's top-level fields are completed from the schema", async () => {
  const labels = await completionsAt('{"name": "w", "|"}');
  expect(labels).toEqual(expect.arrayContaining(["tasks", "inputParameters", "timeoutPolicy"]));
});

test("a task's fields and the task types Baton runs are completed inside tasks", async () => {
  const fields = await completionsAt('{"name": "w", "tasks": [{"|"}]}');
  expect(fields).toEqual(expect.arrayContaining(["taskReferenceName", "type", "inputParameters", "loopOver"]));
  const types = await completionsAt('{"name": "w", "tasks": [{"type": "|"}]}');
  expect(types).toEqual(expect.arrayContaining(Object.keys(TASK_TYPES)));
  expect(types).toContain("HUMAN");
});

test("nested task lists (switch cases, forks, loops) are tasks too", async () => {
  const inCase = await completionsAt('{"name": "w", "tasks": [{"type": "SWITCH", "decisionCases": {"a": [{"|"}]}}]}');
  expect(inCase).toContain("taskReferenceName");
  const inFork = await completionsAt('{"name": "w", "tasks": [{"type": "FORK_JOIN", "forkTasks": [[{"|"}]]}]}');
  expect(inFork).toContain("taskReferenceName");
  const human = await completionsAt('{"tasks": [{"type": "HUMAN", "inputParameters": {"__humanTaskDefinition": {"|"}}}]}');
  expect(human).toContain("assignments");
});

test("every task type the schema offers is one Baton's compiler builds", () => {
  // the list in src/baton/notation/conductor/builders/__init__.py
  expect(Object.keys(TASK_TYPES).sort()).toEqual(
    [
      "SIMPLE", "HUMAN", "SWITCH", "DECISION", "FORK_JOIN", "JOIN", "DO_WHILE", "WAIT", "SET_VARIABLE", "TERMINATE",
      "NOOP", "INLINE", "JSON_JQ_TRANSFORM", "SUB_WORKFLOW", "FORK_JOIN_DYNAMIC", "DYNAMIC", "START_WORKFLOW",
      "TERMINATE_WORKFLOW", "HTTP", "EVENT",
    ].sort(),
  );
});
