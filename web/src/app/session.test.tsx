import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { App } from "./App";

afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

test("a signed-out visitor is sent to sign in, with the place remembered", async () => {
  window.history.pushState({}, "", "/operate/instances/abc");
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer(401, { message: "no session" }));
  render(<App />);
  expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
  expect(new URLSearchParams(window.location.search).get("next")).toBe("/operate/instances/abc");
});

test("a wrong password is said on the form", async () => {
  window.history.pushState({}, "", "/login");
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer(401, { message: "invalid" }));
  render(<App />);
  await userEvent.type(await screen.findByLabelText("User"), "ana");
  await userEvent.type(screen.getByLabelText("Password"), "nope");
  await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Wrong user or password.");
});
