/** A session input generated from the module's input schema (`agentc run --mock` without `--input`). */
import { generateValue } from "./generate-value.ts";
import type { MockableModule } from "./mock-tools.ts";
import { rngFor, type Seed } from "./random.ts";

/** Same seed, same input; always valid against `schemas.input`. */
export function mockInput(module: Pick<MockableModule, "schemas">, options: { readonly seed?: Seed } = {}): unknown {
  return generateValue(module.schemas.input, { rng: rngFor(options.seed ?? 0, "input"), path: "input" });
}
