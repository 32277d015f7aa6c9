// The properties panel and the Camunda behaviors ship no type declarations.
declare module "bpmn-js-properties-panel" {
  export const BpmnPropertiesPanelModule: Record<string, unknown>;
  export const BpmnPropertiesProviderModule: Record<string, unknown>;
  export const ZeebePropertiesProviderModule: Record<string, unknown>;
}
declare module "camunda-bpmn-js-behaviors/lib/camunda-cloud" {
  const behaviors: Record<string, unknown>;
  export default behaviors;
}
declare module "zeebe-bpmn-moddle/resources/zeebe.json" {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
