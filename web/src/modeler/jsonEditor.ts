import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { lintGutter } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import type { Extension } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";
import { jsonSchema } from "codemirror-json-schema";
import type { JSONSchema7 } from "json-schema";

/** What a schema-aware JSON editor needs from its page. */
export interface JsonEditorOptions {
  parent: HTMLElement;
  doc: string;
  schema: JSONSchema7;
  /** The accessible name of the editable area (the page's label). */
  label: string;
  onChange: (doc: string) => void;
}

/** The editor's extensions: JSON language, schema completion/hover/lint, the usual keys. */
export function jsonEditorExtensions(schema: JSONSchema7, label: string, onChange: (doc: string) => void): Extension[] {
  return [
    lineNumbers(),
    history(),
    bracketMatching(),
    closeBrackets(),
    indentOnInput(),
    autocompletion({ activateOnTyping: true }),
    lintGutter(),
    keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, indentWithTab, ...defaultKeymap]),
    jsonSchema(schema),
    EditorView.contentAttributes.of({ "aria-label": label, "aria-multiline": "true", role: "textbox" }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged) onChange(update.state.doc.toString());
    }),
  ];
}

/** A CodeMirror JSON editor completing and checking against `schema`. */
export function createJsonEditor(options: JsonEditorOptions): EditorView {
  const state = EditorState.create({
    doc: options.doc,
    extensions: jsonEditorExtensions(options.schema, options.label, options.onChange),
  });
  return new EditorView({ state, parent: options.parent });
}
