/** An agent declares its `input` record and its `output` record. */
import type { CheckRule } from "./context.ts";

export const agentRecords: CheckRule = {
  name: "agent-records",
  needsCompleteTree: true,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const at = agent.decl.name.name === "" ? agent.decl.span : agent.decl.name.span;
    const { inputDecl, outputDecl } = agent.symbols;
    if (inputDecl === undefined) context.report("AGC3029", ["the agent declares no `input` record"], at, { help: "add `input { message: string }` (or the fields the agent starts from)" });
    if (outputDecl === undefined) context.report("AGC3029", ["the agent declares no `output` record"], at, { help: "add `output { reply: string }` (or the fields its replies give)" });
  },
};
