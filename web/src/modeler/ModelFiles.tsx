import { useState } from "react";
import { useResource } from "../app/useResource";
import { fetchDiagram } from "../diagram/api";
import { deleteDraft, diffDraft, getDraft, listDeployed, listDrafts, saveDraft } from "./api";
import type { DeployedProcess, DraftSummary } from "./api";

/** Forms by form id (form-js schemas). */
export type FormsById = Record<string, Record<string, unknown>>;

/** The name a form bundled with draft `draft` is kept under (a form draft of its own). */
export function bundledFormDraft(draft: string, formId: string): string {
  return `${draft}#${formId}`;
}

export interface ModelFilesProps {
  /** The diagram as it is now. */
  current: () => Promise<string>;
  /** The forms built in the modeler that the diagram links: they travel with its draft. */
  linkedForms?: () => FormsById;
  /** Open this XML in the modeler, with the forms its draft bundled. */
  onOpen: (xml: string, forms: FormsById) => Promise<void>;
  /** What the draft is called unless the user names it: the diagram's process id. */
  suggestedName: string;
  /** Changes whenever something was deployed: the deployed versions are listed again. */
  deployments?: number;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The modeler's files on the server: save the diagram as one of my drafts, open a draft or a
 * deployed version, and compare the draft with the deployed version (a unified text diff).
 */
export function ModelFiles({ current, linkedForms = () => ({}), onOpen, suggestedName, deployments = 0 }: ModelFilesProps) {
  const [name, setName] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [diff, setDiff] = useState<{ title: string; text: string } | null>(null);
  const draftName = name.trim() || suggestedName;
  const lists = useResource(`model-files-${deployments}`, (signal) =>
    Promise.all([listDrafts(signal), listDeployed(signal)]),
  );
  const [allDrafts, deployed]: [DraftSummary[], DeployedProcess[]] =
    lists.status === "ready" ? lists.data : [[], []];
  const drafts = allDrafts.filter((d) => d.kind === "bpmn");
  const bundledWith = (draft: string) =>
    allDrafts.filter((d) => d.kind === "form" && d.name.startsWith(bundledFormDraft(draft, "")));
  const refresh = async () => lists.reload();

  const act = async (what: () => Promise<string | null>) => {
    try {
      setNote(await what());
    } catch (error) {
      setNote(message(error));
    }
  };

  const save = () =>
    act(async () => {
      await saveDraft(draftName, "bpmn", await current());
      // the linked forms go with it, each as a form draft named after the diagram's draft
      const forms = Object.entries(linkedForms());
      const kept = new Set(forms.map(([id]) => bundledFormDraft(draftName, id)));
      for (const [id, schema] of forms) {
        await saveDraft(bundledFormDraft(draftName, id), "form", JSON.stringify(schema, null, 2));
      }
      for (const stale of bundledWith(draftName).filter((d) => !kept.has(d.name))) await deleteDraft(stale.name);
      await refresh();
      const withForms = forms.length ? ` with ${forms.length} linked form(s): ${forms.map(([id]) => id).join(", ")}` : "";
      return `Saved draft “${draftName}”${withForms}`;
    });

  const openDraft = (chosen: string) =>
    act(async () => {
      if (!chosen) return null;
      const draft = await getDraft(chosen);
      const forms: FormsById = {};
      for (const bundled of bundledWith(chosen)) {
        const form = await getDraft(bundled.name);
        forms[bundled.name.slice(bundledFormDraft(chosen, "").length)] = JSON.parse(form.content) as Record<string, unknown>;
      }
      await onOpen(draft.content, forms);
      setName(draft.name);
      const count = Object.keys(forms).length;
      return `Opened draft “${draft.name}”${count ? ` with ${count} linked form(s)` : ""}`;
    });

  const openDeployed = (chosen: string) =>
    act(async () => {
      const at = chosen.lastIndexOf("@");
      if (at < 0) return null;
      const pid = chosen.slice(0, at);
      const version = Number(chosen.slice(at + 1));
      const found = await fetchDiagram(pid, version, new AbortController().signal);
      if (found.kind !== "bpmn") throw new Error(`${pid} is not a BPMN process`);
      await onOpen(found.xml, {});
      return `Opened ${pid} version ${version}`;
    });

  const compare = () =>
    act(async () => {
      await saveDraft(draftName, "bpmn", await current());
      const found = await diffDraft(draftName);
      setDiff({
        title: `Draft “${draftName}” against ${found.resourceId} version ${found.version}`,
        text: found.diff || "No differences.",
      });
      await refresh();
      return null;
    });

  const remove = () =>
    act(async () => {
      await deleteDraft(draftName);
      for (const bundled of bundledWith(draftName)) await deleteDraft(bundled.name);
      await refresh();
      return `Deleted draft “${draftName}”`;
    });

  return (
    <section className="modeler-files" aria-label="Drafts and versions">
      <label>
        Draft name
        <input value={name} placeholder={suggestedName} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="button" className="button" onClick={() => void save()}>
        Save draft
      </button>
      <button type="button" className="button" onClick={() => void compare()}>
        Compare with deployed
      </button>
      <button type="button" className="button button-quiet" onClick={() => void remove()}>
        Delete draft
      </button>
      <label>
        Open draft
        <select value="" onChange={(e) => void openDraft(e.target.value)}>
          <option value="">{drafts.length ? "Choose…" : "No drafts"}</option>
          {drafts.map((d) => (
            <option key={d.name} value={d.name}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Open deployed
        <select value="" onChange={(e) => void openDeployed(e.target.value)}>
          <option value="">{deployed.length ? "Choose…" : "Nothing deployed"}</option>
          {deployed.flatMap((p) =>
            p.versions.map((v) => (
              <option key={`${p.processId}@${v}`} value={`${p.processId}@${v}`}>
                {`${p.label ?? p.processId} (${p.processId}) version ${v}`}
              </option>
            )),
          )}
        </select>
      </label>
      {lists.status === "error" ? (
        <span className="modeler-files-note" role="alert">
          Cannot list drafts: {message(lists.error)}
        </span>
      ) : null}
      {note ? (
        <span className="modeler-files-note" role="status">
          {note}
        </span>
      ) : null}
      {diff ? (
        <figure className="modeler-diff">
          <figcaption>
            {diff.title}{" "}
            <button type="button" className="button button-quiet" onClick={() => setDiff(null)}>
              Close
            </button>
          </figcaption>
          <pre aria-label="Diff">{diff.text}</pre>
        </figure>
      ) : null}
    </section>
  );
}
