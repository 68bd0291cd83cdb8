/**
 * Typing of field paths and guard expressions. Names resolve against a scope: `input` is
 * the agent's input record, any other root is a step result. Unknown names (AGC2005),
 * unknown fields (AGC2006) and ill-typed operators (AGC3001) are reported through `report`;
 * whatever failed types as `unknown` so it causes no second error.
 */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import type { DiagnosticCode } from "../../language/diagnostics/codes.ts";
import type { ResultSymbol } from "./symbols.ts";
import {
  BOOLEAN,
  describeType,
  INTEGER,
  isAssignable,
  isNumeric,
  isStringLike,
  NUMBER,
  stripOptional,
  UNKNOWN,
  typeToString,
  type FieldType,
  type Type,
} from "./types.ts";

export interface Scope {
  readonly input: Type;
  readonly results: ReadonlyMap<string, ResultSymbol>;
}

export type ExprReport = (code: DiagnosticCode, args: readonly (string | number)[], span: Span) => void;

export function pathText(path: A.FieldPath, upTo = path.segments.length): string {
  return path.segments
    .slice(0, upTo)
    .map((s) => s.name)
    .join(".");
}

/** The type a path reads, or `unknown` after reporting why it reads nothing. */
export function resolvePath(path: A.FieldPath, scope: Scope, report: ExprReport): Type {
  const root = path.segments[0];
  if (root === undefined || root.name === "") return UNKNOWN;
  let type: Type;
  if (root.name === "input") type = scope.input;
  else {
    const result = scope.results.get(root.name);
    if (result === undefined) {
      report("AGC2005", [root.name], root.span);
      return UNKNOWN;
    }
    type = result.type;
  }
  for (let i = 1; i < path.segments.length; i++) {
    const segment = path.segments[i]!;
    if (segment.name === "") return UNKNOWN;
    const optional = type.kind === "optional";
    const base = stripOptional(type);
    if (base.kind === "unknown") return UNKNOWN;
    const field: FieldType | undefined = base.kind === "record" ? base.fields.get(segment.name) : undefined;
    if (field === undefined) {
      const owner = base.kind === "record" ? `\`${pathText(path, i)}\`` : `\`${pathText(path, i)}\` (${describeType(base)})`;
      report("AGC2006", [owner, segment.name], segment.span);
      return UNKNOWN;
    }
    type = optional || field.optional ? { kind: "optional", inner: stripOptional(field.type) } : field.type;
  }
  return type;
}

/** The type of an expression; operands of operators are checked on the way. */
export function typeOfExpr(expr: A.Expr, scope: Scope, report: ExprReport): Type {
  switch (expr.kind) {
    case "PathExpr":
      return resolvePath(expr.path, scope, report);
    case "NumberLiteral":
      return Number.isInteger(expr.value) ? INTEGER : NUMBER;
    case "StringLiteral":
      return { kind: "literal", values: [expr.value] };
    case "BooleanLiteral":
      return BOOLEAN;
    case "ParenExpr":
      return typeOfExpr(expr.inner, scope, report);
    case "NotExpr":
      expectBoolean(expr.operand, typeOfExpr(expr.operand, scope, report), "not", report);
      return BOOLEAN;
    case "RecordLiteral": {
      const fields = new Map<string, FieldType>();
      for (const field of expr.fields) {
        const type = typeOfExpr(field.value, scope, report);
        if (field.name.name !== "" && !fields.has(field.name.name)) fields.set(field.name.name, { type, optional: false, decl: undefined });
      }
      return { kind: "record", fields };
    }
    case "ArrayLiteral":
      return { kind: "array", element: joinTypes(expr.elements.map((e) => typeOfExpr(e, scope, report))) };
    case "BinaryExpr":
      return typeOfBinary(expr, scope, report);
    default:
      return UNKNOWN;
  }
}

function typeOfBinary(expr: A.BinaryExpr, scope: Scope, report: ExprReport): Type {
  const left = typeOfExpr(expr.left, scope, report);
  const right = typeOfExpr(expr.right, scope, report);
  const op = expr.operator;
  if (op === "and" || op === "or") {
    expectBoolean(expr.left, left, op, report);
    expectBoolean(expr.right, right, op, report);
    return BOOLEAN;
  }
  const l = stripOptional(left);
  const r = stripOptional(right);
  if (l.kind === "unknown" || r.kind === "unknown") return BOOLEAN;
  if (op === "==" || op === "!=") {
    const comparable = (isStringLike(l) && isStringLike(r)) || (isNumeric(l) && isNumeric(r)) || (l.kind === "boolean" && r.kind === "boolean");
    if (!comparable) report("AGC3001", [`cannot compare ${describeType(l)} with ${describeType(r)} using ${op}`], expr.span);
    else if (l.kind === "literal" && r.kind === "literal" && !l.values.some((v) => r.values.includes(v)))
      report("AGC3001", [`this comparison is always ${op === "==" ? "false" : "true"}: ${typeToString(l)} and ${typeToString(r)} have no value in common`], expr.span);
    return BOOLEAN;
  }
  for (const [side, type] of [
    [expr.left, l],
    [expr.right, r],
  ] as const) {
    if (!isNumeric(type)) report("AGC3001", [`${op} compares numbers, found ${describeType(type)}`], side.span);
  }
  return BOOLEAN;
}

function expectBoolean(node: A.Expr, type: Type, op: string, report: ExprReport): void {
  const t = stripOptional(type);
  if (t.kind !== "unknown" && t.kind !== "boolean") report("AGC3001", [`\`${op}\` needs a boolean, found ${describeType(t)}`], node.span);
}

/** The narrowest type that holds all of `types` (for array literals); `unknown` if none. */
function joinTypes(types: readonly Type[]): Type {
  let joined: Type | undefined;
  for (const type of types) {
    if (joined === undefined || isAssignable(type, joined)) joined ??= type;
    else if (isAssignable(joined, type)) joined = type;
    else if (isStringLike(joined) && isStringLike(type)) {
      const a = stripOptional(joined);
      const b = stripOptional(type);
      joined = a.kind === "literal" && b.kind === "literal" ? { kind: "literal", values: [...new Set([...a.values, ...b.values])] } : { kind: "string" };
    } else return UNKNOWN;
  }
  return joined ?? UNKNOWN;
}
