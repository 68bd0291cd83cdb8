/** The `metadata` export (`AgentMetadata`): what the runtime needs to know besides the machine. */
import type { AgentIR, StateIR, TypeIR } from "../../ir/ir.ts";
import { arr, obj, value, type Code } from "./code.ts";

export function metadataCode(ir: AgentIR): Code {
  return obj([
    ["name", value(ir.name)],
    ["description", value(ir.description)],
    ["version", value(ir.version)],
    ["model", value(ir.model)],
    ["budget", value(ir.budget)],
    ["escalations", value(ir.escalations)],
    ["defaultEscalation", value(ir.defaultEscalation)],
    ["alerts", value(ir.alerts)],
    [
      "tools",
      obj(
        ir.tools.map((t) => [
          t.name,
          value({
            name: t.name,
            description: t.description,
            effects: t.effects,
            sideEffecting: t.sideEffecting,
            idempotencyKey: t.idempotencyKey,
            errors: t.errors,
            timeoutMs: t.timeoutMs,
            retry: t.retry,
            breaker: t.breaker,
            rate: t.rate,
            callsPerSession: t.callsPerSession,
            costUsd: t.costUsd,
            allowedIn: t.allowedIn,
            piiPaths: { input: fieldPiiPaths(t.input), output: fieldPiiPaths(t.output) },
          }),
        ] as const),
      ),
    ],
    [
      "prompts",
      obj(
        ir.prompts.map((p) => [
          p.name,
          obj([
            ["name", value(p.name)],
            ["version", value(p.version)],
            ["hash", value(p.hash)],
            ["text", value(p.text)],
            ["parts", arr(p.parts.map((part) => value(part.kind === "text" ? part : { kind: "placeholder", path: [part.root, ...part.fields] })))],
          ]),
        ] as const),
      ),
    ],
    ["states", obj(ir.states.map((s) => [s.name, value(stateMetadata(s))] as const))],
    ["piiPaths", value(piiPaths(ir))],
    ["start", value(ir.start)],
  ]);
}

function stateMetadata(state: StateIR) {
  const a = state.action;
  return {
    id: state.id,
    name: state.name,
    description: state.description,
    action: a.kind,
    visitLimit: state.visitLimit,
    tools: a.kind === "call" ? [a.tool] : a.kind === "loop" ? a.tools : [],
    prompt: a.kind === "ask" || a.kind === "loop" ? a.prompt : undefined,
    maxTokens: a.kind === "ask" || a.kind === "loop" ? a.maxTokens : undefined,
    maxTurns: a.kind === "loop" ? a.maxTurns : undefined,
    timeoutMs: a.kind === "await" ? a.timeoutMs : undefined,
    result: a.kind === "ask" || a.kind === "call" || a.kind === "loop" || a.kind === "await" ? a.result : undefined,
  };
}

/** `@pii` fields of the input and of every result, as paths; `[]` steps into array elements. */
export function piiPaths(ir: AgentIR): string[] {
  const out: string[] = [];
  walkPii(ir.input, "input", out);
  for (const result of ir.results) walkPii(result.type, result.name, out);
  return out;
}

/** `@pii` fields of one record, as paths relative to it (`email`, `items[].phone`). */
function fieldPiiPaths(type: TypeIR): string[] {
  const out: string[] = [];
  walkPii(type, "", out);
  return out.map((path) => path.slice(1));
}

function walkPii(type: TypeIR, path: string, out: string[]): void {
  if (type.kind === "array") walkPii(type.element, `${path}[]`, out);
  if (type.kind !== "record") return;
  for (const field of type.fields) {
    const at = `${path}.${field.name}`;
    if (field.pii) out.push(at);
    else walkPii(field.type, at, out);
  }
}
