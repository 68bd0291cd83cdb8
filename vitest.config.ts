/**
 * Vitest settings. Many tests drive real child processes (the CLI, the language server, crash
 * workers) on a 2-core CI machine: a generous per-test timeout keeps a busy machine from
 * failing them, while a hang still fails.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
