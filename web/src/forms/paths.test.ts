import { expect, test } from "vitest";
import { camundaErrors } from "./camundaErrors";
import { parsePath, pathKey } from "./paths";
import { formatValue, parseValue } from "./variables";

test("server paths read into steps", () => {
  expect(parsePath("amount")).toEqual(["amount"]);
  expect(parsePath("address.city")).toEqual(["address", "city"]);
  expect(parsePath("items[2].name")).toEqual(["items", 2, "name"]);
  expect(parsePath('["a b"].c')).toEqual(["a b", "c"]);
  expect(parsePath("")).toEqual([]);
  expect(pathKey(parsePath("a[0]"))).toBe(pathKey(["a", 0]));
});

test("Camunda errors land on the field bound to the path, in groups and dynamic lists", () => {
  const schema = {
    components: [
      { id: "f1", type: "textfield", key: "name" },
      { id: "g", type: "group", path: "address", components: [{ id: "f2", type: "textfield", key: "city" }] },
      { id: "l", type: "dynamiclist", path: "items", components: [{ id: "f3", type: "number", key: "qty" }] },
    ],
  };
  const problems = [
    { path: "name", message: "is required" },
    { path: "address.city", message: "must be text" },
    { path: "items[1].qty", message: "must be a number" },
    { path: "items", message: "must be a list" },
    { path: "ghost", message: "is not allowed" },
  ];
  const { errors, elsewhere } = camundaErrors(schema, problems);
  expect(errors).toEqual({
    f1: ["is required"],
    f2: ["must be text"],
    f3: { "1": ["must be a number"] },
  });
  expect(elsewhere).toEqual([
    { path: "items", message: "must be a list" },
    { path: "ghost", message: "is not allowed" },
  ]);
});

test("variable values: JSON where it is JSON, else text; broken JSON is a mistake", () => {
  expect(parseValue("42")).toEqual({ ok: true, value: 42 });
  expect(parseValue("hello")).toEqual({ ok: true, value: "hello" });
  expect(parseValue('"42"')).toEqual({ ok: true, value: "42" });
  expect(parseValue("{oops").ok).toBe(false);
  expect(formatValue("42")).toBe('"42"');
  expect(formatValue("hello")).toBe("hello");
  expect(formatValue({ a: 1 })).toBe('{"a":1}');
});
