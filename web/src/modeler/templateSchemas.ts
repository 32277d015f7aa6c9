import type { JSONSchema7, JSONSchema7Definition } from "json-schema";

/**
 * What the template editor's two JSON editors complete from: the JSON Schema keywords a form
 * template uses, and the JSON Forms UI schema elements. Hints for typing, not the check:
 * the schema is checked against the JSON Schema meta-schema (`checkTemplate`) and by the server.
 */
const schemaRef: JSONSchema7Definition = { $ref: "#" };

export const JSON_SCHEMA_SCHEMA: JSONSchema7 = {
  type: "object",
  properties: {
    $schema: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    type: {
      enum: ["object", "string", "number", "integer", "boolean", "array", "null"],
      description: "The kind of value",
    },
    properties: { type: "object", additionalProperties: schemaRef, description: "The fields of an object" },
    required: { type: "array", items: { type: "string" }, description: "Fields that must be filled" },
    items: schemaRef,
    enum: { type: "array", description: "The allowed values" },
    const: {},
    default: {},
    format: { enum: ["date", "time", "date-time", "email", "uri", "uuid"] },
    minimum: { type: "number" },
    maximum: { type: "number" },
    minLength: { type: "integer" },
    maxLength: { type: "integer" },
    pattern: { type: "string" },
    minItems: { type: "integer" },
    maxItems: { type: "integer" },
    additionalProperties: { anyOf: [{ type: "boolean" }, schemaRef] },
    oneOf: { type: "array", items: schemaRef },
    anyOf: { type: "array", items: schemaRef },
    allOf: { type: "array", items: schemaRef },
  },
};

const uiElement: JSONSchema7Definition = { $ref: "#" };

export const UI_SCHEMA_SCHEMA: JSONSchema7 = {
  type: "object",
  properties: {
    type: {
      enum: ["VerticalLayout", "HorizontalLayout", "Group", "Categorization", "Category", "Control", "Label"],
      description: "A layout, a control for one field, or a label",
    },
    scope: { type: "string", description: "The field a Control shows, like #/properties/amount" },
    label: { anyOf: [{ type: "string" }, { type: "boolean" }] },
    text: { type: "string", description: "A Label's text" },
    elements: { type: "array", items: uiElement },
    options: { type: "object", properties: { multi: { type: "boolean" }, readonly: { type: "boolean" } } },
    rule: { type: "object" },
  },
};
