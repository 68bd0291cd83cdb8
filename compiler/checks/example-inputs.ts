/** An `example` is a literal record that fits the agent's input record. */
import type * as A from "../../language/ast.ts";
import { typeOfExpr } from "../resolve/expressions.ts";
import { describeType, fitsSlot, typeToString, UNKNOWN, type FieldType, type Type } from "../resolve/types.ts";
import { collect } from "../resolve/walk.ts";
import { membersOf, type CheckContext, type CheckRule } from "./context.ts";

export const exampleInputs: CheckRule = {
  name: "example-inputs",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    for (const example of membersOf(agent.decl, "ExampleDecl")) checkRecord(context, example.value, agent.symbols.input, "the input");
  },
};

function checkRecord(context: CheckContext, literal: A.RecordLiteral, type: Type, where: string): void {
  if (type.kind !== "record") return;
  const given = new Set<string>();
  for (const field of literal.fields) {
    const name = field.name.name;
    if (name === "") continue;
    given.add(name);
    const slot = type.fields.get(name);
    if (slot === undefined) context.report("AGC3027", [`${where} record has no field "${name}"`], field.name.span);
    else checkValue(context, field.value, slot, `${where === "the input" ? "" : `${where}.`}${name}`);
  }
  if (context.hasSyntaxErrors) return;
  const missing = [...type.fields].filter(([name, slot]) => !slot.optional && !given.has(name)).map(([name]) => `"${name}"`);
  if (missing.length > 0) context.report("AGC3027", [`this example does not give the required field${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of ${where}`], literal.span);
}

function checkValue(context: CheckContext, value: A.Expr, slot: FieldType, name: string): void {
  const path = collect<"FieldPath", A.FieldPath>(value, "FieldPath")[0];
  if (path !== undefined) {
    context.report("AGC3027", ["example values are literals; they cannot refer to other values"], path.span);
    return;
  }
  if (value.kind === "RecordLiteral" && slot.type.kind === "record") return checkRecord(context, value, slot.type, name);
  const type = typeOfExpr(value, { input: UNKNOWN, results: new Map() }, () => {});
  if (!fitsSlot(type, slot)) context.report("AGC3027", [`"${name}" must be ${typeToString(slot.type)}, found ${describeType(type)}`], value.span);
}
