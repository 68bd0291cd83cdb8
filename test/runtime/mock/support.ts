/** Generated modules for mock-layer tests: the example agents and random valid agents, loaded in-process. */
import { lowerAgent } from "../../../compiler/ir/lower.ts";
import { parse } from "../../../language/parse.ts";
import { buildAgent, render } from "../../generators/agent-arbitrary.ts";
import { importModule, loadIR, type MachineModule } from "../../compiler/emit/machine/support.ts";

export type { MachineModule };

const examples = new Map<string, Promise<MachineModule>>();

/** `agents/<name>.agent` built and imported (cached per file). */
export function exampleModule(name: "refund" | "incident-triage" | "customer-support-triage" | "research-publish"): Promise<MachineModule> {
  let module = examples.get(name);
  if (module === undefined) {
    module = importModule(loadIR(`agents/${name}`));
    examples.set(name, module);
  }
  return module;
}

/** The random valid agent of `seed` (test/generators) built and imported. */
export async function randomModule(seed: number, states: number): Promise<MachineModule> {
  const text = render(buildAgent(seed, { states, comments: false }));
  const parsed = parse("random.agent", text);
  if (parsed.diagnostics.length > 0) throw new Error(`random agent ${seed} does not parse: ${parsed.diagnostics[0]!.message}`);
  return importModule(lowerAgent({ file: parsed.file, source: parsed.source, relativePath: "random.agent", importedTools: new Map() }));
}

/** Every schema of a module by a readable name: `input`, `tools.getOrder.output`, `results.verdict`. */
export function allSchemas(module: MachineModule): [string, import("zod").ZodType][] {
  const out: [string, import("zod").ZodType][] = [
    ["input", module.schemas.input],
    ["output", module.schemas.output],
  ];
  for (const [name, tool] of Object.entries(module.schemas.tools)) out.push([`tools.${name}.input`, tool.input], [`tools.${name}.output`, tool.output]);
  for (const [name, schema] of Object.entries(module.schemas.results)) out.push([`results.${name}`, schema]);
  return out;
}

/** A signal that never aborts, and a tool call context around it. */
export function context(signal: AbortSignal = new AbortController().signal) {
  return { signal, idempotencyKey: undefined, attempt: 1, traceContext: undefined };
}
