import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/react";

// Lazy chunks (form-js, bpmn-js, JSON Forms) load slowly on a busy 2-core CI machine: let
// findBy*/waitFor wait up to 10 s before failing (they return as soon as the page is ready).
configure({ asyncUtilTimeout: 10_000 });
