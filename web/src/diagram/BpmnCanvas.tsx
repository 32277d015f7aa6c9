import { useEffect, useRef, useState } from "react";
import type { BpmnView, Marking } from "./bpmnViewer";

interface Props {
  xml: string;
  marking: Marking;
  title: string;
}

type Status = { xml: string; view: BpmnView | null; error: string | null };

/** Draws BPMN XML with bpmn-js (loaded on first use), zoomed to fit; markers and badges
 * follow the data without drawing the diagram again. */
export function BpmnCanvas({ xml, marking, title }: Props) {
  const container = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ xml: "", view: null, error: null });

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let cancelled = false;
    let view: BpmnView | null = null;
    import("./bpmnViewer")
      .then(async ({ BpmnView: View }) => {
        if (cancelled) return;
        view = new View(element);
        await view.show(xml);
        if (!cancelled) setStatus({ xml, view, error: null });
      })
      .catch((error: unknown) => {
        if (!cancelled) {
          const message = error instanceof Error ? error.message : "The diagram could not be drawn.";
          setStatus({ xml, view: null, error: message });
        }
      });
    return () => {
      cancelled = true;
      view?.destroy();
    };
  }, [xml]);

  const view = status.xml === xml ? status.view : null;
  useEffect(() => {
    view?.mark(marking);
  }, [view, marking]);

  useEffect(() => {
    if (!view) return;
    const refit = () => view.fit();
    window.addEventListener("resize", refit);
    return () => window.removeEventListener("resize", refit);
  }, [view]);

  const failed = status.xml === xml ? status.error : null;
  return (
    <div className="bpmn-frame">
      <div ref={container} className="bpmn-canvas" data-diagram-title={title} />
      {failed ? (
        <p className="diagram-problem" role="alert">
          The diagram could not be drawn: {failed}
        </p>
      ) : null}
      {!view && !failed ? (
        <p className="diagram-loading" role="status">
          Drawing the diagram…
        </p>
      ) : null}
    </div>
  );
}
