/** vitest: the project's tests live in test/; generated suites in docs/agents/ run through `agentc test`. */
import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, "docs/agents/**", "build/**"],
  },
});
