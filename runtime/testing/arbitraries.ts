/**
 * fast-check arbitraries drawn from an agent's contracts: session inputs from the input
 * schema (valid, at their boundaries, or carrying an injection), tool results from each output
 * schema plus every declared error, undeclared errors, throws, timeouts and garbage, model
 * answers both schema-valid and adversarial, human responses and timeouts, and crashes.
 */
import fc from "fast-check";
import type { AnyStateMachine } from "xstate";
import type { AgentModule, Schema } from "../contract.ts";
import { generateValue } from "../mock/generate-value.ts";
import { toJsonSchema, type JsonSchema, type JsonSchemaLike } from "../mock/json-schema.ts";
import type { CrashPlan, HarnessCase, HumanPlanItem, ToolPlanItem } from "./case.ts";
import { fillTemplate, targetTools, type CorpusEntry } from "./corpus.ts";
import { injectStrings } from "./run-case.ts";

type Module = AgentModule<AnyStateMachine>;

export interface CaseArbitraryOptions {
  /** Injection texts (templates are filled for the agent). Default: none. */
  readonly corpus?: readonly CorpusEntry[];
  /** Include crash-and-resume cases (agents with side-effecting tools). Default true. */
  readonly crashes?: boolean;
}

/** A value valid against a zod schema, drawn by seed (shrinks toward seed 0). */
export function validValue(schema: Schema, name: string): fc.Arbitrary<unknown> {
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => safeGenerate(schema, seed, name));
}

function safeGenerate(schema: Schema, seed: number, name: string): unknown {
  try {
    return generateValue(schema as never, { seed, name, path: name });
  } catch {
    return {};
  }
}

/** Boundary variants of a value: one field at its min/max length, min/max value, or empty array; kept only if still valid. */
export function boundaryValue(schema: Schema, name: string): fc.Arbitrary<unknown> {
  const json = toJsonSchema(schema as never);
  const edits = boundaryEdits(json, []);
  if (edits.length === 0) return validValue(schema, name);
  return fc.tuple(validValue(schema, name), fc.constantFrom(...edits)).map(([value, edit]) => {
    const edited = setAt(value, edit.path, edit.value);
    return schema.safeParse(edited).success ? edited : value;
  });
}

interface Edit {
  readonly path: readonly string[];
  readonly value: unknown;
}

function boundaryEdits(schema: JsonSchemaLike, path: readonly string[]): Edit[] {
  if (typeof schema !== "object") return [];
  const out: Edit[] = [];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === "object") {
    for (const [key, field] of Object.entries(schema.properties ?? {})) out.push(...boundaryEdits(field, [...path, key]));
    return out;
  }
  if (type === "string" && schema.pattern === undefined && schema.enum === undefined && schema.format === undefined) {
    const min = schema.minLength ?? 0;
    out.push({ path, value: "x".repeat(min) });
    out.push({ path, value: "y".repeat(schema.maxLength ?? 10_000) });
  }
  if (type === "number" || type === "integer") {
    const min = typeof schema.minimum === "number" ? schema.minimum : typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum + (type === "integer" ? 1 : 1e-9) : type === "integer" ? Number.MIN_SAFE_INTEGER : -1e15;
    const max = typeof schema.maximum === "number" ? schema.maximum : typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum - (type === "integer" ? 1 : 1e-9) : type === "integer" ? Number.MAX_SAFE_INTEGER : 1e15;
    out.push({ path, value: min }, { path, value: max }, { path, value: 0 });
  }
  if (type === "array") out.push({ path, value: [] });
  return out;
}

function setAt(value: unknown, path: readonly string[], next: unknown): unknown {
  if (path.length === 0) return next;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const [head, ...rest] = path;
  const record = value as Record<string, unknown>;
  if (!Object.hasOwn(record, head!)) return value;
  return { ...record, [head!]: setAt(record[head!], rest, next) };
}

/** Injection texts for this agent, templates filled, one per corpus entry and target tool. */
export function injections(module: Module, corpus: readonly CorpusEntry[]): string[] {
  const targets = targetTools(module);
  return corpus.map((entry, i) => fillTemplate(entry.text, module, targets[i % targets.length]!));
}

/** Session inputs: valid, at boundaries, or with an injection in their string fields. */
export function inputArbitrary(module: Module, texts: readonly string[] = []): fc.Arbitrary<unknown> {
  const schema = module.schemas.input;
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 4, arbitrary: validValue(schema, "input") },
    { weight: 2, arbitrary: boundaryValue(schema, "input") },
  ];
  if (texts.length > 0) options.push({ weight: 3, arbitrary: fc.tuple(validValue(schema, "input"), fc.constantFrom(...texts)).map(([value, text]) => injectStrings(value, text, schema)) });
  return fc.oneof(...options);
}

/** One tool call's result: valid, a declared or undeclared error, a throw, a timeout, garbage, or an injection. */
export function toolResultArbitrary(module: Module, tool: string, texts: readonly string[] = []): fc.Arbitrary<ToolPlanItem> {
  const contract = module.metadata.tools[tool]!;
  const options: fc.WeightedArbitrary<ToolPlanItem>[] = [
    { weight: 8, arbitrary: fc.constant({ kind: "ok" } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: "error", name: "UndeclaredFailure" } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: "throw", message: "connection reset" } as const) },
    { weight: 1, arbitrary: fc.constant({ kind: "timeout" } as const) },
    { weight: 1, arbitrary: garbage().map((value) => ({ kind: "value", value }) as const) },
    { weight: 2, arbitrary: boundaryValue(module.schemas.tools[tool]!.output, tool).map((value) => ({ kind: "value", value }) as const) },
  ];
  if (contract.errors.length > 0) options.push({ weight: 2 + 2 * contract.errors.length, arbitrary: fc.constantFrom(...contract.errors.map((e) => e.name)).map((name) => ({ kind: "error", name }) as const) });
  if (texts.length > 0) options.push({ weight: 2, arbitrary: fc.constantFrom(...texts).map((text) => ({ kind: "inject", text }) as const) });
  return fc.oneof(...options);
}

/** Values that violate most contracts: wrong types, nulls, huge strings, odd numbers. */
export function garbage(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(null, 42, "not an object", [], true, { unexpected: "field" }, Number.NaN, -1e308, "A".repeat(100_000)),
    fc.anything({ maxDepth: 2, maxKeys: 4 }),
  );
}

/** The result schema each prompt answers (by the states that use it). */
function promptResults(module: Module): Map<string, { schema: Schema; name: string }[]> {
  const out = new Map<string, { schema: Schema; name: string }[]>();
  for (const state of Object.values(module.metadata.states)) {
    if (state.prompt === undefined || state.result === undefined) continue;
    const schema = module.schemas.results[state.result];
    if (schema === undefined) continue;
    out.set(state.prompt, [...(out.get(state.prompt) ?? []), { schema, name: state.result }]);
  }
  return out;
}

/** One model response for a prompt: schema-valid or adversarial. */
export function modelEntryArbitrary(module: Module, results: readonly { schema: Schema; name: string }[], texts: readonly string[] = []): fc.Arbitrary<unknown> {
  const allTools = Object.keys(module.metadata.tools);
  const outside = ["transferFunds", "deleteAccount", "sendEmail", ...allTools];
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 3, arbitrary: fc.constantFrom({ error: "invalid-json" }, { error: "500" }, { error: "429" }, { error: "cut" }) },
    { weight: 1, arbitrary: garbage().map((value) => ({ value })) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...outside), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })).map(([tool, args]) => ({ tool, args })) },
  ];
  for (const result of results) {
    options.push({ weight: 6, arbitrary: validValue(result.schema, result.name).map((value) => ({ value })) });
    options.push({ weight: 2, arbitrary: boundaryValue(result.schema, result.name).map((value) => ({ value })) });
    options.push({ weight: 1, arbitrary: validValue(result.schema, result.name).map((value) => ({ value: outOfRange(value) })) });
  }
  if (texts.length > 0) options.push({ weight: 1, arbitrary: fc.constantFrom(...texts).map((text) => ({ value: text })) });
  return fc.oneof(...options);
}

/** The value with every number pushed far out of range and every string made huge. */
function outOfRange(value: unknown): unknown {
  if (typeof value === "number") return value >= 0 ? 1e12 : -1e12;
  if (typeof value === "string") return value.repeat(2) + "Z".repeat(50_000);
  if (Array.isArray(value)) return value.map(outOfRange);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, outOfRange(v)]));
  return value;
}

export function humanArbitrary(): fc.Arbitrary<HumanPlanItem> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ kind: "answer" } as const) },
    { weight: 4, arbitrary: fc.constant({ kind: "timeout" } as const) },
    { weight: 1, arbitrary: garbage().map((value) => ({ kind: "value", value }) as const) },
  );
}

/** A whole case. */
export function caseArbitrary(module: Module, options: CaseArbitraryOptions = {}): fc.Arbitrary<HarnessCase> {
  const texts = injections(module, options.corpus ?? []);
  const byPrompt = promptResults(module);
  const script: Record<string, fc.Arbitrary<unknown[]>> = {};
  for (const [prompt, results] of byPrompt) script[prompt] = fc.array(modelEntryArbitrary(module, results, texts), { maxLength: 4 });
  const tools: Record<string, fc.Arbitrary<ToolPlanItem[]>> = {};
  for (const tool of Object.keys(module.metadata.tools)) tools[tool] = fc.array(toolResultArbitrary(module, tool, texts), { maxLength: 4 });
  const loops = Object.values(module.metadata.states).some((s) => s.action === "loop");
  const sideEffects = Object.values(module.metadata.tools).some((t) => t.sideEffecting);
  const crash: fc.Arbitrary<CrashPlan | undefined> =
    sideEffects && options.crashes !== false
      ? fc.option(fc.record({ effect: fc.integer({ min: 0, max: 2 }), when: fc.constantFrom("before" as const, "after" as const) }), { freq: 3, nil: undefined })
      : fc.constant(undefined);
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      input: inputArbitrary(module, texts),
      script: fc.record(script),
      obedient: texts.length > 0 ? fc.boolean() : fc.constant(false),
      stubborn: loops ? fc.integer({ min: 0, max: 5 }).map((n) => n === 0) : fc.constant(false),
      tools: fc.record(tools),
      humans: fc.array(humanArbitrary(), { maxLength: 3 }),
      crash,
    })
    .map(({ seed, input, script, obedient, stubborn, tools, humans, crash }) => ({
      seed,
      input,
      model: { script, obedient, ...(stubborn ? { stubborn } : {}) },
      tools,
      humans,
      ...(crash !== undefined ? { crash } : {}),
    }));
}

export type { JsonSchema };
