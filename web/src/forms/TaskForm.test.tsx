import { configure, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expect, test, vi } from "vitest";
import TaskForm from "./TaskForm";
import type { FormSpec, TaskFormProps } from "./types";

// lazily loaded form chunks take a while on a busy machine
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 30_000 });

function props(form: FormSpec | null, extra: Partial<TaskFormProps> = {}): TaskFormProps {
  return { form, values: {}, errors: [], disabled: false, onChange: vi.fn(), onSubmit: vi.fn(), ...extra };
}

const TEMPLATE: FormSpec = {
  kind: "jsonforms",
  schema: {
    type: "object",
    properties: {
      employee: { type: "string" },
      amount: { type: "number" },
      approved: { type: "boolean" },
    },
    required: ["approved"],
  },
  uiSchema: {
    type: "VerticalLayout",
    elements: [
      { type: "Control", scope: "#/properties/employee" },
      { type: "Control", scope: "#/properties/amount" },
      { type: "Control", scope: "#/properties/approved", label: "Approve?" },
    ],
  },
};

test("an Orkes template: labelled fields prefilled, changes and submit with all values", async () => {
  const onSubmit = vi.fn();
  const onChange = vi.fn();
  render(<TaskForm {...props(TEMPLATE, { values: { employee: "Ann", amount: 12 }, onSubmit, onChange })} />);
  expect(await screen.findByLabelText("Employee")).toHaveValue("Ann");
  expect(screen.getByLabelText("Amount")).toHaveValue(12);
  await userEvent.click(screen.getByLabelText(/Approve\?/));
  await userEvent.click(screen.getByRole("button", { name: "Complete Task" }));
  expect(onSubmit).toHaveBeenCalledWith({ employee: "Ann", amount: 12, approved: true });
  expect(onChange).toHaveBeenLastCalledWith({ employee: "Ann", amount: 12, approved: true });
});

test("an Orkes template shows the server's errors on the fields", async () => {
  const errors = [
    { path: "amount", message: "must be at most 100" },
    { path: "other", message: "is not allowed" },
  ];
  render(<TaskForm {...props(TEMPLATE, { values: { amount: 500 }, errors })} />);
  const amount = await screen.findByLabelText("Amount");
  expect(amount).toHaveAttribute("aria-invalid", "true");
  expect(amount).toHaveAccessibleDescription("must be at most 100");
  expect(screen.getByLabelText("Employee")).not.toHaveAttribute("aria-invalid");
  expect(screen.getByRole("alert")).toHaveTextContent("other is not allowed");
});

test("a disabled template is read-only and the submit ref submits", async () => {
  const submitRef: { current: (() => void) | null } = { current: null };
  const onSubmit = vi.fn();
  const { rerender } = render(<TaskForm {...props(TEMPLATE, { disabled: true, submitRef, onSubmit })} />);
  expect(await screen.findByLabelText("Employee")).toBeDisabled();
  expect(screen.getByRole("button", { name: "Complete Task" })).toBeDisabled();
  rerender(<TaskForm {...props(TEMPLATE, { submitRef, onSubmit, submitLabel: "Start" })} />);
  await waitFor(() => expect(submitRef.current).not.toBeNull());
  submitRef.current?.();
  expect(onSubmit).toHaveBeenCalled();
  expect(screen.getByRole("button", { name: "Start" })).toBeEnabled();
});

test("a task without a form edits its variables as JSON", async () => {
  const onSubmit = vi.fn();
  render(<TaskForm {...props(null, { values: { amount: 5, note: "hi" }, onSubmit })} />);
  expect(screen.getByLabelText("Value of amount")).toHaveValue("5");
  expect(screen.getByLabelText("Value of note")).toHaveValue("hi");
  await userEvent.click(screen.getByRole("button", { name: "Add variable" }));
  await userEvent.type(screen.getByLabelText("Name of variable 3"), "items");
  await userEvent.type(screen.getByLabelText("Value of items"), "[[1, 2]");
  await userEvent.click(screen.getByRole("button", { name: "Remove note" }));
  await userEvent.click(screen.getByRole("button", { name: "Complete Task" }));
  expect(onSubmit).toHaveBeenCalledWith({ amount: 5, items: [1, 2] });
});

test("the variables editor flags invalid JSON on its row and does not submit", async () => {
  const onSubmit = vi.fn();
  render(<TaskForm {...props(null, { values: { a: 1 }, onSubmit })} />);
  const value = screen.getByLabelText("Value of a");
  await userEvent.clear(value);
  await userEvent.type(value, '{{"broken"');
  expect(value).toHaveAttribute("aria-invalid", "true");
  expect(value).toHaveAccessibleDescription("Not valid JSON");
  await userEvent.click(screen.getByRole("button", { name: "Complete Task" }));
  expect(onSubmit).not.toHaveBeenCalled();
});

test("the variables editor shows the server's errors on the rows", () => {
  const errors = [{ path: "amount", message: "must be a number" }];
  render(<TaskForm {...props(null, { values: { amount: "x" }, errors })} />);
  const value = screen.getByLabelText("Value of amount");
  expect(value).toHaveAttribute("aria-invalid", "true");
  expect(value).toHaveAccessibleDescription("must be a number");
});

const CAMUNDA: FormSpec = {
  kind: "camunda",
  schema: {
    id: "leave",
    type: "default",
    components: [
      { type: "textfield", key: "employee", label: "Employee" },
      { type: "textarea", key: "note", label: "Note" },
      { type: "checkbox", key: "approved", label: "Approve the leave" },
    ],
  },
};

test("a Camunda form renders in form-js, prefilled, and submits its values", async () => {
  const onSubmit = vi.fn();
  render(<TaskForm {...props(CAMUNDA, { values: { employee: "Ria", note: "" }, onSubmit })} />);
  expect(await screen.findByLabelText("Employee", {}, { timeout: 15000 })).toHaveValue("Ria");
  await userEvent.type(screen.getByLabelText("Note"), "fine");
  await userEvent.click(screen.getByLabelText("Approve the leave"));
  await userEvent.click(screen.getByRole("button", { name: "Complete Task" }));
  expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ employee: "Ria", note: "fine", approved: true }));
}, 30_000);

test("a Camunda form shows the server's errors on the fields", async () => {
  const errors = [{ path: "note", message: "must be at most 200 characters long" }];
  render(<TaskForm {...props(CAMUNDA, { values: { note: "long" }, errors })} />);
  const note = await screen.findByLabelText("Note", {}, { timeout: 15000 });
  await waitFor(() => expect(note).toHaveAttribute("aria-invalid", "true"));
  expect(screen.getByText("must be at most 200 characters long")).toBeInTheDocument();
}, 30_000);
