import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { ApiError, api, onUnauthenticated, setCsrfToken } from "../api/client";

export interface SessionUser {
  id: string;
  name: string;
  groups: string[];
  roles: string[];
  admin: boolean;
}

interface SessionView {
  user: SessionUser;
  csrfToken: string;
  expiresAt: number;
}

type SessionState =
  | { status: "loading" }
  | { status: "signed-out"; expired: boolean }
  | { status: "signed-in"; user: SessionUser };

interface SessionContextValue {
  state: SessionState;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const accept = useCallback((view: SessionView) => {
    setCsrfToken(view.csrfToken);
    setState({ status: "signed-in", user: view.user });
  }, []);

  useEffect(() => {
    let live = true;
    api<SessionView>("/api/web/session", { quiet401: true })
      .then((view) => live && accept(view))
      .catch(() => live && setState({ status: "signed-out", expired: false }));
    const stop = onUnauthenticated(() => {
      setCsrfToken(null);
      setState({ status: "signed-out", expired: true });
    });
    return () => {
      live = false;
      stop();
    };
  }, [accept]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const view = await api<SessionView>("/api/web/session", {
        method: "POST",
        body: { username, password },
        quiet401: true,
      });
      accept(view);
    },
    [accept],
  );

  const signOut = useCallback(async () => {
    try {
      await api<unknown>("/api/web/session", { method: "DELETE", quiet401: true });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
    setCsrfToken(null);
    setState({ status: "signed-out", expired: false });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in user; only for pages rendered inside the signed-in layout. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("useUser without a signed-in user");
  return state.user;
}
