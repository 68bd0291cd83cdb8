/**
 * Vitest settings. The project's tests live in test/; the generated suites in docs/agents/ run
 * through `agentc test`. Many tests drive real child processes (the CLI, the language server,
 * crash workers) on a 2-core CI machine: a generous per-test timeout keeps a busy machine from
 * failing them, while a hang still fails.
 */
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, "docs/agents/**", "build/**"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
