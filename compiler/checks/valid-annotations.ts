/** An annotation fits its field: @min/@max take a number on a number field, @minLength/@maxLength a whole number on a string or array (not a literal union), @pattern a valid regex on a string, @pii no argument on text; min is not above max. */
import type * as A from "../../language/ast.ts";
import { collect } from "../resolve/walk.ts";
import type { CheckContext, CheckRule } from "./context.ts";

export const validAnnotations: CheckRule = {
  name: "valid-annotations",
  needsCompleteTree: false,
  run(context) {
    for (const field of collect<"FieldDecl", A.FieldDecl>(context.ast, "FieldDecl")) checkField(context, field);
  },
};

function base(type: A.TypeExpr | undefined): "string" | "union" | "number" | "boolean" | "array" | "record" | undefined {
  switch (type?.kind) {
    case "PrimitiveType":
      return type.name === "integer" ? "number" : type.name;
    case "LiteralUnionType":
      return "union";
    case "ArrayType":
      return "array";
    case "RecordType":
      return "record";
    default:
      return undefined;
  }
}

function checkField(context: CheckContext, field: A.FieldDecl): void {
  const kind = base(field.type);
  const seen = new Map<string, A.Annotation>();
  const bad = (annotation: A.Annotation, message: string): void => context.report("AGC3023", [message], annotation.span);
  for (const annotation of field.annotations) {
    const name = annotation.name.name;
    const arg = annotation.argument;
    const first = seen.get(name);
    if (first !== undefined) {
      context.report("AGC3023", [`@${name} is given twice`], annotation.span, { related: [context.related(first.span, "first given here")] });
      continue;
    }
    seen.set(name, annotation);
    if (kind === undefined) continue;
    switch (name) {
      case "pii":
        if (arg !== undefined) bad(annotation, "@pii takes no argument");
        else if (!isText(kind) && !(kind === "array" && isText(base((field.type as A.ArrayType).element))))
          bad(annotation, `@pii marks text, but "${field.name.name}" is not a string`);
        break;
      case "min":
      case "max":
        if (kind !== "number") bad(annotation, `@${name} applies to numbers; use @${name}Length for the length of a string or array`);
        else if (arg?.kind !== "NumberLiteral") bad(annotation, `@${name} takes a number, e.g. @${name}(0)`);
        break;
      case "minLength":
      case "maxLength":
        if (kind === "union") bad(annotation, unionMessage(name));
        else if (kind !== "string" && kind !== "array") bad(annotation, `@${name} applies to strings and arrays`);
        else if (arg?.kind !== "NumberLiteral" || !Number.isInteger(arg.value) || arg.value < 0)
          bad(annotation, `@${name} takes a whole number of 0 or more, e.g. @${name}(1)`);
        break;
      case "pattern":
        if (kind === "union") bad(annotation, unionMessage(name));
        else if (kind !== "string") bad(annotation, "@pattern applies to strings");
        else if (arg?.kind !== "StringLiteral") bad(annotation, '@pattern takes a regular expression in quotes, e.g. @pattern("^o[0-9]+$")');
        else {
          const problem = regexProblem(arg.value);
          if (problem !== undefined) bad(annotation, `@pattern is not a valid regular expression: ${problem}`);
        }
        break;
    }
  }
  for (const [lo, hi] of [
    ["min", "max"],
    ["minLength", "maxLength"],
  ] as const) {
    const a = seen.get(lo)?.argument;
    const b = seen.get(hi)?.argument;
    if (a?.kind === "NumberLiteral" && b?.kind === "NumberLiteral" && a.value > b.value)
      context.report("AGC3023", [`@${lo}(${a.raw}) is above @${hi}(${b.raw}); no value can satisfy both`], seen.get(lo)!.span, {
        related: [context.related(seen.get(hi)!.span, `@${hi} is here`)],
      });
  }
}

function isText(kind: ReturnType<typeof base>): boolean {
  return kind === "string" || kind === "union";
}

function unionMessage(name: string): string {
  return `@${name} does not apply to a "…" | "…" union: the union already lists every value it allows`;
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : "invalid";
  }
}
