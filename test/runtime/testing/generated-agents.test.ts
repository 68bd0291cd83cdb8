/** The harness on agents nobody wrote by hand: random valid agents (test/generators) compile, and every generated session through the real runtime satisfies every property. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../../compiler/load-agent.ts";
import { builtinCorpus, runSuite } from "../../../runtime/testing/index.ts";
import { agentSource } from "../../generators/agent-arbitrary.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-harness-gen-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const AGENTS = Number(process.env.SOAK_RUNS ?? 20);
let n = 0;

describe("the harness on generated agents", () => {
  it(`every property holds for ${AGENTS} random valid agents × 12 sessions`, async () => {
    await fc.assert(
      fc.asyncProperty(agentSource({ maxStates: 4, exoticNames: true }), async (text) => {
        const file = join(temp, `a${n++}.agent`);
        writeFileSync(file, text);
        const loaded = await loadAgents([file], { root: temp });
        expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        for (const { module } of loaded.agents) {
          const suite = await runSuite(module, { runs: 12, seed: n, corpus: builtinCorpus(), timeoutMs: 5_000 });
          const failed = suite.properties.filter((p) => !p.passed).map((p) => `${p.property}: ${p.counterexample?.message}\n${p.counterexample?.timeline.join("\n")}`);
          expect(failed).toEqual([]);
        }
      }),
      { numRuns: AGENTS, seed: 20261126 },
    );
  }, 120_000);
});
