/**
 * The `agentc/flowchart` request (used by the VS Code extension's flowchart view): the
 * agent's decision flowchart as Mermaid text, from the compiler's IR and flowchart
 * emitter. An agent with errors has no IR, so the answer says why instead.
 */
import { emitFlowchart } from "../../emit/flowchart/index.ts";
import { lowerAgent } from "../../ir/lower.ts";
import type { Analysis } from "../analysis.ts";

export const FLOWCHART_REQUEST = "agentc/flowchart";

export type FlowchartResult = { readonly agent: string; readonly mermaid: string } | { readonly agent: string | undefined; readonly problem: string };

export function flowchart(analysis: Analysis, path: string): FlowchartResult {
  const agent = analysis.check.agents.find((a) => a.path === path);
  if (agent === undefined) return { agent: undefined, problem: "this file declares no agent" };
  if (agent.hasErrors) return { agent: agent.name, problem: "the agent has errors: fix them to see its flowchart" };
  return { agent: agent.name, mermaid: emitFlowchart(lowerAgent(agent)) };
}
