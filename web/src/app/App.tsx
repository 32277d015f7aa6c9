import { Suspense, lazy } from "react";
import type { ComponentType } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { Layout } from "./Layout";
import { Login } from "./Login";
import { SessionProvider, useSession } from "./session";
import { Loading } from "./states";

// Each section is its own chunk: the diagram and form libraries load only where used.
/**
 * A page whose code is its own chunk. Once the chunk has arrived the page renders at once;
 * only before that does it suspend (React holds a revealed Suspense boundary back for up to
 * 300 ms, so a page that suspends needlessly appears that much later).
 */
function lazyPage(load: () => Promise<{ default: ComponentType }>): {
  Page: ComponentType;
  preload: () => Promise<unknown>;
} {
  let loaded: ComponentType | null = null;
  const preload = () =>
    load().then((module) => {
      loaded = module.default;
      return module;
    });
  const Lazy = lazy(preload);
  function Page() {
    const Loaded = loaded;
    return Loaded ? <Loaded /> : <Lazy />;
  }
  return { Page, preload };
}

const tasklist = lazyPage(() => import("../tasklist/TasklistPage"));
const start = lazyPage(() => import("../start/StartPage"));
const operate = lazyPage(() => import("../operate/OperateRoutes"));
const modeler = lazyPage(() => import("../modeler/ModelerPage"));
const formEditor = lazyPage(() => import("../modeler/FormEditorPage"));
const workflowEditor = lazyPage(() => import("../modeler/WorkflowEditorPage"));
const templateEditor = lazyPage(() => import("../modeler/TemplateEditorPage"));
const TasklistPage = tasklist.Page;
const StartPage = start.Page;
const OperateRoutes = operate.Page;
const ModelerPage = modeler.Page;
const FormEditorPage = formEditor.Page;
const WorkflowEditorPage = workflowEditor.Page;
const TemplateEditorPage = templateEditor.Page;

/** The sections by path prefix, the most specific first. */
const SECTIONS: [string, { preload: () => Promise<unknown> }][] = [
  ["/operate", operate],
  ["/modeler/form", formEditor],
  ["/modeler/workflow", workflowEditor],
  ["/modeler/template", templateEditor],
  ["/modeler", modeler],
  ["/processes", start],
  ["/tasklist", tasklist],
];

/** Fetch the code of the section the page opens on while the session is checked, not after. */
function preloadSection(path: string): void {
  const section = path === "/" ? tasklist : SECTIONS.find(([prefix]) => path.startsWith(prefix))?.[1];
  section?.preload().catch(() => undefined); // a failed preload is retried by the lazy page
}

preloadSection(window.location.pathname);

/** Where to go after signing in: the `next` the user came from, if it is one of ours. */
function nextPlace(search: string): string {
  const next = new URLSearchParams(search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/tasklist";
}

function Gate() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === "loading") return <Loading label="Starting Baton" />;
  if (state.status === "signed-out") {
    if (location.pathname === "/login") {
      const expired = state.expired || new URLSearchParams(location.search).has("expired");
      return <Login expired={expired} />;
    }
    const here = location.pathname + location.search + location.hash;
    const query = new URLSearchParams({ next: here });
    if (state.expired) query.set("expired", "1");
    return <Navigate to={`/login?${query.toString()}`} replace />;
  }
  if (location.pathname === "/login") return <Navigate to={nextPlace(location.search)} replace />;
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Navigate to="/tasklist" replace />} />
          <Route path="tasklist/*" element={<TasklistPage />} />
          <Route path="processes/*" element={<StartPage />} />
          <Route path="operate/*" element={<OperateRoutes />} />
          <Route path="modeler" element={<ModelerPage />} />
          <Route path="modeler/form" element={<FormEditorPage />} />
          <Route path="modeler/workflow" element={<WorkflowEditorPage />} />
          <Route path="modeler/template" element={<TemplateEditorPage />} />
          <Route path="*" element={<Navigate to="/tasklist" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </BrowserRouter>
  );
}
