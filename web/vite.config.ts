import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The build goes into the Python package, which serves it at `/` (see baton/webapp).
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "../src/baton/webapp/dist",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { "/api": "http://localhost:8080", "/v2": "http://localhost:8080" },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 30_000,
    server: { deps: { inline: ["bpmn-js", "diagram-js", "codemirror-json-schema"] } },
  },
});
