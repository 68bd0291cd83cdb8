/** The `schemas` export: zod v4 schemas for everything that crosses the machine's boundary. */
import type { AgentIR } from "../../ir/ir.ts";
import { obj, type Code } from "./code.ts";
import { zodSchema } from "./types.ts";

export function schemasCode(ir: AgentIR): Code {
  return obj([
    ["input", zodSchema(ir.input)],
    ["output", zodSchema(ir.output)],
    ["tools", obj(ir.tools.map((t) => [t.name, obj([["input", zodSchema(t.input)], ["output", zodSchema(t.output)]])] as const))],
    // one per ask / use tools / await human result: what the runtime validates model and human answers with
    ["results", obj(modelAndHumanResults(ir).map((r) => [r.name, zodSchema(r.type)] as const))],
  ]);
}

function modelAndHumanResults(ir: AgentIR) {
  const produced = new Set<string>();
  for (const state of ir.states) {
    const action = state.action;
    if (action.kind === "ask" || action.kind === "loop" || action.kind === "await") produced.add(action.result);
  }
  return ir.results.filter((r) => produced.has(r.name));
}
