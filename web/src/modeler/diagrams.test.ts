import { expect, test } from "vitest";
import { blankDiagram, fileNameFor, newProcessId, parseVariables, problemsByElement, processIdOf } from "./diagrams";

test("a blank diagram is one executable process with a start event, named for its id", () => {
  const xml = blankDiagram("Process_abc");
  expect(processIdOf(xml)).toBe("Process_abc");
  expect(xml).toContain('isExecutable="true"');
  expect(xml).toContain('<bpmn:startEvent id="StartEvent_1"');
  expect(fileNameFor(xml)).toBe("Process_abc.bpmn");
  expect(fileNameFor("<nothing/>")).toBe("diagram.bpmn");
});

test("new process ids are valid BPMN ids", () => {
  expect(newProcessId(() => 0)).toBe("Process_0000000");
  expect(newProcessId()).toMatch(/^Process_[0-9a-z]{7}$/);
});

test("problems group by drawn element; the rest belong to the whole file", () => {
  const grouped = problemsByElement(
    [
      { elementId: "task", message: "a" },
      { elementId: "task", message: "b" },
      { elementId: "gone", message: "c" },
      { elementId: null, message: "d" },
    ],
    (id) => id === "task",
  );
  expect(grouped.get("task")).toEqual(["a", "b"]);
  expect(grouped.get("")).toEqual(["c", "d"]);
});

test("start variables must be a JSON object", () => {
  expect(parseVariables("")).toEqual({ variables: {} });
  expect(parseVariables('{"amount": 5}')).toEqual({ variables: { amount: 5 } });
  expect(parseVariables("[1]")).toHaveProperty("error");
  expect(parseVariables("{")).toHaveProperty("error");
});
