import { useCallback, useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import { useResource } from "../app/useResource";
import JsonSchemaForm from "../forms/JsonSchemaForm";
import "../forms/forms.css";
import type { FormValues } from "../forms/types";
import { getDraft, listDrafts, listTemplates, saveDraft, saveTemplate } from "./api";
import type { FormTemplate } from "./api";
import { JsonSchemaEditor } from "./JsonSchemaEditor";
import "./modeler.css";
import { checkTemplate, draftContent, editorTexts } from "./templateCheck";
import { JSON_SCHEMA_SCHEMA, UI_SCHEMA_SCHEMA } from "./templateSchemas";

export const SAMPLE_SCHEMA = `{
  "type": "object",
  "properties": {
    "approved": { "type": "boolean", "title": "Approved" },
    "comment": { "type": "string", "title": "Comment" }
  },
  "required": ["approved"]
}
`;

export const SAMPLE_UI = `{
  "type": "VerticalLayout",
  "elements": [
    { "type": "Control", "scope": "#/properties/approved" },
    { "type": "Control", "scope": "#/properties/comment", "options": { "multi": true } }
  ]
}
`;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NO_ERRORS: never[] = [];
const noop = () => undefined;

/**
 * Orkes user-form templates: a JSON Schema and a JSON Forms UI schema side by side, the form
 * they make live in the preview (with the data it produces), saved as the template's next
 * version through the Orkes API, or kept as a draft; any saved version opens again.
 */
export default function TemplateEditorPage() {
  const [name, setName] = useState("my_form");
  const [schemaText, setSchemaText] = useState(SAMPLE_SCHEMA);
  const [uiText, setUiText] = useState(SAMPLE_UI);
  const [data, setData] = useState<FormValues>({});
  const [note, setNote] = useState<string | null>(null);
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<FormTemplate | null>(null);
  const [saves, setSaves] = useState(0);
  const templates = useResource(`templates-${saves}`, (signal) => listTemplates(signal));
  const versions = templates.status === "ready" ? templates.data : [];
  const drafts = useResource(`template-drafts-${saves}`, (signal) => listDrafts(signal));
  const templateDrafts = drafts.status === "ready" ? drafts.data.filter((d) => d.kind === "template") : [];

  const checked = useMemo(() => checkTemplate(schemaText, uiText), [schemaText, uiText]);
  // The preview keeps the last form that was valid while the texts are being fixed.
  const [preview, setPreview] = useState<{ schema: Record<string, unknown>; ui: Record<string, unknown> | null }>();
  const valid = "jsonSchema" in checked ? checked : null;
  const previewKey = valid ? JSON.stringify([valid.jsonSchema, valid.templateUI]) : null;
  const [shownKey, setShownKey] = useState<string | null>(null);
  if (valid && previewKey !== shownKey) {
    const ui = valid.templateUI && Object.keys(valid.templateUI).length ? valid.templateUI : null;
    setShownKey(previewKey);
    setPreview({ schema: valid.jsonSchema, ui });
  }

  const edited = useCallback(() => {
    setSaved(null);
    setServerProblems([]);
  }, []);
  const editSchema = useCallback(
    (text: string) => {
      setSchemaText(text);
      edited();
    },
    [edited],
  );
  const editUi = useCallback(
    (text: string) => {
      setUiText(text);
      edited();
    },
    [edited],
  );

  const open = (content: { name?: unknown; jsonSchema?: unknown; templateUI?: unknown }, what: string) => {
    const texts = editorTexts(content);
    setName(typeof content.name === "string" ? content.name : "");
    setSchemaText(texts.schema);
    setUiText(texts.ui);
    setData({}); // another template's answers do not carry over
    edited();
    setNote(`Opened ${what}`);
  };

  const save = async () => {
    const trimmed = name.trim();
    if (!valid || !trimmed) {
      setNote(trimmed ? "Not saved: fix the problems first" : "Not saved: the template needs a name");
      return;
    }
    try {
      const done = await saveTemplate({ name: trimmed, jsonSchema: valid.jsonSchema, templateUI: valid.templateUI ?? {} });
      setSaved(done);
      setSaves((n) => n + 1);
      setNote(null);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        setServerProblems(error.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)));
      }
      setNote(`Not saved: ${messageOf(error)}`);
    }
  };

  const draft = async () => {
    const trimmed = name.trim();
    if (!trimmed) {
      setNote("Not saved: the draft needs the template's name");
      return;
    }
    try {
      await saveDraft(trimmed, "template", draftContent(trimmed, schemaText, uiText));
      setSaves((n) => n + 1);
      setNote(`Saved draft “${trimmed}”`);
    } catch (error) {
      setNote(messageOf(error));
    }
  };

  const openVersion = (chosen: string) => {
    const [picked] = versions.filter((t) => `${t.name}@${t.version}` === chosen);
    if (picked) open(picked, `${picked.name} version ${picked.version}`);
  };

  const openDraft = (chosen: string) => {
    if (!chosen) return;
    void getDraft(chosen).then(
      (found) => {
        try {
          open(JSON.parse(found.content) as Record<string, unknown>, `draft “${found.name}”`);
        } catch (error) {
          setNote(`Cannot open draft “${found.name}”: ${messageOf(error)}`);
        }
      },
      (error: unknown) => setNote(messageOf(error)),
    );
  };

  const problems = [...checked.problems, ...serverProblems];
  return (
    <div className="modeler template-modeler">
      <div className="modeler-toolbar" role="toolbar" aria-label="Form template">
        <h1 className="modeler-title">Form template editor</h1>
        <label className="modeler-files">
          Template name
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              edited();
            }}
          />
        </label>
        <button type="button" className="button button-primary" onClick={() => void save()}>
          Save version
        </button>
        <button type="button" className="button" onClick={() => void draft()}>
          Save draft
        </button>
        <label className="modeler-files">
          Open draft
          <select value="" onChange={(e) => openDraft(e.target.value)}>
            <option value="">{templateDrafts.length ? "Choose…" : "No drafts"}</option>
            {templateDrafts.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="modeler-files">
          Open saved
          <select value="" onChange={(e) => openVersion(e.target.value)}>
            <option value="">{versions.length ? "Choose…" : "No templates"}</option>
            {versions.map((t) => (
              <option key={`${t.name}@${t.version}`} value={`${t.name}@${t.version}`}>
                {`${t.name} version ${t.version}`}
              </option>
            ))}
          </select>
        </label>
        <Link className="button button-quiet" to="/modeler">
          BPMN modeler
        </Link>
        <span className="modeler-status" role="status">
          {saved ? `Saved template ${saved.name} version ${saved.version}` : (note ?? "")}
        </span>
      </div>
      <div className="modeler-body">
        <div className="workflow-source">
          <span aria-hidden="true">JSON Schema</span>
          <JsonSchemaEditor value={schemaText} schema={JSON_SCHEMA_SCHEMA} label="JSON Schema" onChange={editSchema} />
        </div>
        <div className="workflow-source">
          <span aria-hidden="true">UI schema</span>
          <JsonSchemaEditor value={uiText} schema={UI_SCHEMA_SCHEMA} label="UI schema" onChange={editUi} />
        </div>
        <section className="form-modeler-preview" aria-labelledby="template-preview-title">
          <h2 id="template-preview-title">Preview</h2>
          {preview ? (
            <JsonSchemaForm
              key={shownKey ?? ""}
              schema={preview.schema}
              uiSchema={preview.ui}
              form={{ kind: "jsonforms", schema: preview.schema, uiSchema: preview.ui }}
              values={data}
              errors={NO_ERRORS}
              disabled={false}
              onChange={setData}
              onSubmit={noop}
              submitLabel="Try submitting"
            />
          ) : null}
          <pre aria-label="Preview data" className="form-modeler-submitted">
            {JSON.stringify(data, null, 2)}
          </pre>
        </section>
      </div>
      <section className="modeler-problems" aria-labelledby="template-problems-title">
        <h2 id="template-problems-title">{problems.length === 0 ? "No problems" : `${problems.length} problem(s)`}</h2>
        {problems.length > 0 ? (
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
