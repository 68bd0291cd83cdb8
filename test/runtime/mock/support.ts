/** Generated modules for mock-layer tests: the example agents and random valid agents, loaded in-process. */
import type { ProviderV3 } from "@ai-sdk/provider";
import { lowerAgent } from "../../../compiler/ir/lower.ts";
import { parse } from "../../../language/parse.ts";
import { buildAgent, render } from "../../generators/agent-arbitrary.ts";
import { importModule, loadIR, type MachineModule } from "../../compiler/emit/machine/support.ts";
import { mockModelProvider, mockModelProviders, type MockModelProvider } from "../../../runtime/mock/index.ts";

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

/**
 * The mock providers typed as AI SDK providers, for tests that hand them to `generateText`
 * (agentc/runtime types them structurally to keep the AI SDK's types out of its declarations).
 */
export const typedMockProvider = (...args: Parameters<typeof mockModelProvider>) => mockModelProvider(...args) as ProviderV3 & MockModelProvider;
export const typedMockProviders = (...args: Parameters<typeof mockModelProviders>) => mockModelProviders(...args) as Record<string, ProviderV3 & MockModelProvider>;
