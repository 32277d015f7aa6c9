import { NavLink, Outlet } from "react-router-dom";
import { useSession, useUser } from "./session";

/** The signed-in frame: a skip link, the top bar with the sections and the user, the page. */
export function Layout() {
  const user = useUser();
  const { signOut } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href="/tasklist" aria-label="Baton home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Baton</span>
        </a>
        <nav aria-label="Sections" className="sections">
          <NavLink to="/tasklist">Tasklist</NavLink>
          <NavLink to="/processes">Start process</NavLink>
          <NavLink to="/operate">Operate</NavLink>
          <NavLink to="/modeler">Modeler</NavLink>
        </nav>
        <div className="whoami">
          <span className="user-name" title={user.id}>
            {user.name || user.id}
          </span>
          <button type="button" className="button button-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
