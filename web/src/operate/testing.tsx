/** Test helpers: a fetch answering by method and path, recording what was asked. */
import { render } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { vi } from "vitest";
import OperateRoutes from "./OperateRoutes";

export interface Asked {
  method: string;
  url: string;
  body: unknown;
}

export type Route = (asked: Asked) => { status: number; body?: unknown };

export function answer(status: number, body?: unknown): Response {
  if (status === 204) return new Response(null, { status });
  return new Response(JSON.stringify(body ?? {}), { status, headers: { "Content-Type": "application/json" } });
}

/** `routes` keys are "METHOD /path" (the path without the query); the first match answers. */
export function mockFetch(routes: Record<string, Route>): Asked[] {
  const asked: Asked[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const call = { method, url, body };
    asked.push(call);
    const path = url.split("?")[0] ?? url;
    const route = routes[`${method} ${path}`];
    if (!route) return answer(404, { message: `no route ${method} ${path}` });
    const { status, body: out } = route(call);
    return answer(status, out);
  });
  return asked;
}

/** Operate's routes at `path`, mounted under /operate/* as in the app. */
export function renderOperate(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/operate/*" element={<OperateRoutes />} />
        <Route path="*" element={<p>Elsewhere</p>} />
      </Routes>
    </MemoryRouter>,
  );
}
