import { configure, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, expect, test, vi } from "vitest";
import type { StartableProcess } from "../start/StartPage";
import type { Deployed } from "./api";
import { ModelerStart } from "./ModelerStart";

configure({ asyncUtilTimeout: 15_000 });
afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const DEPLOYED: Deployed = { kind: "process", id: "dinner", version: 3, key: "9", resourceName: "dinner.bpmn" };

function listed(version: number, startForm: StartableProcess["startForm"]): StartableProcess {
  return { name: "dinner", label: "Dinner", kind: "bpmn", version, versions: [version], description: null, startForm };
}

const GUESTS_FORM: StartableProcess["startForm"] = {
  kind: "jsonforms",
  schema: { type: "object", properties: { guests: { type: "string" } }, required: ["guests"] },
  uiSchema: null,
};

function serve(processes: StartableProcess[]) {
  const starts: unknown[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === "/api/web/processes") return answer(200, { processes });
    starts.push({ url, body: JSON.parse(String(init?.body)) });
    return answer(200, { instanceId: "42", kind: "bpmn", firstTask: { taskId: "t1", name: "Decide" } });
  });
  return starts;
}

function show(deployed: Deployed | null) {
  render(
    <MemoryRouter>
      <ModelerStart deployed={deployed} disabled={false} />
    </MemoryRouter>,
  );
}

test("a deployed process with a start form starts through that form", async () => {
  const starts = serve([listed(3, GUESTS_FORM)]);
  show(DEPLOYED);
  const guests = await screen.findByLabelText(/Guests/);
  expect(screen.queryByLabelText("Variables (JSON)")).not.toBeInTheDocument();
  await userEvent.type(guests, "four");
  await userEvent.click(screen.getByRole("button", { name: "Start instance" }));
  expect(await screen.findByRole("link", { name: "View the instance in Operate" })).toHaveAttribute(
    "href",
    "/operate/instances/42",
  );
  expect(starts).toEqual([{ url: "/api/web/processes/dinner/start", body: { version: 3, variables: { guests: "four" } } }]);
}, 30_000);

test("without a start form (or when another version is the latest) it starts with JSON variables", async () => {
  const starts = serve([listed(4, GUESTS_FORM)]);
  show(DEPLOYED);
  const variables = screen.getByLabelText("Variables (JSON)");
  const button = screen.getByRole("button", { name: "Start instance" });
  await vi.waitFor(() => expect(button).toBeEnabled());
  await userEvent.clear(variables);
  await userEvent.type(variables, "{{not json");
  await userEvent.click(button);
  expect(await screen.findByRole("alert")).toHaveTextContent(/JSON/);
  expect(starts).toEqual([]);
  await userEvent.clear(variables);
  await userEvent.type(variables, '{{"guests": 2}');
  await userEvent.click(button);
  expect(await screen.findByRole("link", { name: /Open the task “Decide” in Tasklist/ })).toHaveAttribute("href", "/tasklist/t1");
  expect(starts).toEqual([{ url: "/api/web/processes/dinner/start", body: { version: 3, variables: { guests: 2 } } }]);
});

test("before a deploy there is nothing to start", () => {
  serve([]);
  show(null);
  expect(screen.getByRole("button", { name: "Start instance" })).toBeDisabled();
  expect(screen.getByText("Deploy the diagram to start it.")).toBeVisible();
});
