import { Suspense, lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation } from "react-router-dom";
import { Layout } from "./Layout";
import { Login } from "./Login";
import { SessionProvider, useSession } from "./session";
import { Loading } from "./states";

// Each section is its own chunk: the diagram and form libraries load only where used.
const TasklistPage = lazy(() => import("../tasklist/TasklistPage"));
const StartPage = lazy(() => import("../start/StartPage"));
const OperateRoutes = lazy(() => import("../operate/OperateRoutes"));

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
