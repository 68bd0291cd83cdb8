/** Every reply gives each required output field, no field the output record lacks, and values of the declared types; `reply "text"` needs an output field `reply: string`. */
import type * as A from "../../language/ast.ts";
import { typeOfExpr } from "../resolve/expressions.ts";
import { describeType, fitsSlot, STRING, typeToString, type FieldType } from "../resolve/types.ts";
import { allStates, exprReporter, finalSteps, type CheckContext, type CheckRule } from "./context.ts";

export const replyRecords: CheckRule = {
  name: "reply-records",
  needsCompleteTree: false,
  run(context) {
    if (context.agent === undefined) return;
    for (const state of allStates(context)) {
      for (const step of finalSteps(state)) if (step.node.kind === "ReplyAction") checkReply(context, step.node);
    }
  },
};

function checkReply(context: CheckContext, reply: A.ReplyAction): void {
  const agent = context.agent!;
  if (agent.symbols.outputDecl === undefined) return; // agent-records reports the missing record
  const output = agent.symbols.output;
  const fields: ReadonlyMap<string, FieldType> = output.kind === "record" ? output.fields : new Map();
  const declared = (slot: FieldType) => (slot.decl === undefined || agent.symbols.outputDecl === undefined ? [] : [context.related(slot.decl.span, "declared here")]);
  const keyword = { start: reply.span.start, end: Math.min(reply.span.end, reply.span.start + "reply".length) };
  const given = new Set<string>();
  if (reply.text !== undefined) {
    given.add("reply");
    const slot = fields.get("reply");
    if (slot === undefined) context.report("AGC3006", ['`reply "text"` sets the output field "reply", but the output record has no field "reply"'], reply.text.span, { help: "add `reply: string` to the agent's output record, or reply with a record: `reply { … }`" });
    else if (!fitsSlot(STRING, slot)) context.report("AGC3006", [`the output field "reply" is ${typeToString(slot.type)}, but \`reply "text"\` gives a string`], reply.text.span, { related: declared(slot) });
  }
  const report = exprReporter(context);
  for (const field of reply.fields?.fields ?? []) {
    const type = typeOfExpr(field.value, agent.scope, report);
    const name = field.name.name;
    if (name === "") continue;
    if (name === "reply" && reply.text !== undefined) {
      context.report("AGC3006", ['the reply text already sets the output field "reply"'], field.name.span);
      continue;
    }
    given.add(name);
    const slot = fields.get(name);
    if (slot === undefined) context.report("AGC3006", [`the output record has no field "${name}"`], field.name.span);
    else if (!fitsSlot(type, slot)) context.report("AGC3006", [`output field "${name}" must be ${typeToString(slot.type)}, found ${describeType(type)}`], field.value.span, { related: declared(slot) });
  }
  if (context.hasSyntaxErrors || (reply.text === undefined && reply.fields === undefined)) return;
  const missing = [...fields].filter(([name, slot]) => !slot.optional && !given.has(name)).map(([name]) => name);
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(", ");
    context.report("AGC3006", [`this reply does not give the required output field${missing.length > 1 ? "s" : ""} ${list}`], keyword, { data: { missing } });
  }
}
