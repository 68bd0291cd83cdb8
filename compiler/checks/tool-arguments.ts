/** A call gives every required input field of its tool, no field the tool does not take, and values of the declared types. */
import type * as A from "../../language/ast.ts";
import { typeOfExpr } from "../resolve/expressions.ts";
import { describeType, fitsSlot, typeToString } from "../resolve/types.ts";
import { allStates, exprReporter, type CheckRule } from "./context.ts";

export const toolArguments: CheckRule = {
  name: "tool-arguments",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const report = exprReporter(context);
    for (const state of allStates(context)) {
      for (const action of state.actions) {
        if (action.kind !== "CallAction") continue;
        const tool = agent.symbols.tools.get(action.tool.name);
        const input = tool?.input;
        const given = new Set<string>();
        for (const arg of action.args.fields) {
          const type = typeOfExpr(arg.value, agent.scope, report);
          if (input === undefined || input.kind !== "record" || arg.name.name === "") continue;
          given.add(arg.name.name);
          const slot = input.fields.get(arg.name.name);
          if (slot === undefined) context.report("AGC3004", [tool!.name, arg.name.name], arg.name.span);
          else if (!fitsSlot(type, slot))
            context.report("AGC3001", [`argument "${arg.name.name}" of "${tool!.name}" must be ${typeToString(slot.type)}, found ${describeType(type)}`], arg.value.span, {
              related: slot.decl === undefined ? [] : [context.related(slot.decl.span, "declared here", tool!.file)],
            });
        }
        if (tool === undefined || input?.kind !== "record" || context.hasSyntaxErrors) continue;
        for (const [name, slot] of input.fields) {
          if (slot.optional || given.has(name)) continue;
          context.report("AGC3003", [tool.name, name], missingSpan(action), {
            related: slot.decl === undefined ? [] : [context.related(slot.decl.span, "declared here", tool.file)],
            data: { tool: tool.name, missing: name },
          });
        }
      }
    }
  },
};

/** The arguments' braces, or the tool name when the record was lost. */
function missingSpan(action: A.CallAction): A.CallAction["span"] {
  const args = action.args.span;
  return args.end > args.start ? args : action.tool.span;
}
