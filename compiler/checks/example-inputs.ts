/** An `example` is a literal record that fits the agent's input record. */
import type * as A from "../../language/ast.ts";
import { recordLiteralProblems } from "../resolve/literal-fit.ts";
import type { Type } from "../resolve/types.ts";
import { membersOf, type CheckContext, type CheckRule } from "./context.ts";

export const exampleInputs: CheckRule = {
  name: "example-inputs",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const example of membersOf(agent.decl, "ExampleDecl")) checkRecord(context, example.value, agent.symbols.input);
  },
};

function checkRecord(context: CheckContext, literal: A.RecordLiteral, type: Type): void {
  if (type.kind !== "record") return;
  for (const problem of recordLiteralProblems(literal, type, !context.hasSyntaxErrors)) {
    const where = problem.path.length === 0 ? "the input" : problem.path.join(".");
    switch (problem.kind) {
      case "reference":
        context.report("AGC3027", ["example values are literals; they cannot refer to other values"], problem.span);
        break;
      case "unknown-field":
        context.report("AGC3027", [`${where} record has no field "${problem.name}"`], problem.span);
        break;
      case "missing":
        context.report("AGC3027", [`this example does not give the required field${problem.names.length > 1 ? "s" : ""} ${problem.names.join(", ")} of ${where}`], problem.span);
        break;
      case "mismatch":
        context.report("AGC3027", [`"${problem.path.join(".")}" must be ${problem.expected}, found ${problem.found}`], problem.span);
        break;
    }
  }
}
