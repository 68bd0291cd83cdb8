/** Goldens of `cost.json` and the printed bound for the emitter fixture agents. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeCostBound, emitCostJson, formatCostBound } from "../../../compiler/analysis/index.ts";
import { expectBaseline } from "../../support/baseline.ts";
import { loadAgent } from "../emit/contracts/load-agent.ts";

const sources = [join(import.meta.dirname, "../emit/contracts/fixtures"), join(import.meta.dirname, "../emit/runbook/fixtures")];
const out = join(import.meta.dirname, "fixtures");

describe("cost bound goldens", () => {
  for (const folder of sources) {
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".agent"))) {
      it(file, () => {
        const bound = computeCostBound(loadAgent(join(folder, file)));
        const base = join(out, file.replace(/\.agent$/, ""));
        const json = emitCostJson(bound);
        expect(JSON.parse(json)).toBeTypeOf("object");
        expectBaseline(`${base}.cost.json`, json);
        expectBaseline(`${base}.cost.txt`, formatCostBound(bound));
      });
    }
  }
});
