/**
 * Does a literal value (an `example` input, a test block's values) fit a declared type? The
 * problems come back as data, in source order, and each check words them its own way.
 */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import { typeOfExpr } from "./expressions.ts";
import { describeType, fitsSlot, typeToString, UNKNOWN, type FieldType, type Type } from "./types.ts";
import { collect } from "./walk.ts";

export type LiteralProblem =
  /** The value refers to another value (`input.x`): literals only. */
  | { readonly kind: "reference"; readonly path: readonly string[]; readonly span: Span }
  | { readonly kind: "unknown-field"; readonly path: readonly string[]; readonly name: string; readonly span: Span }
  | { readonly kind: "missing"; readonly path: readonly string[]; readonly names: readonly string[]; readonly span: Span }
  | { readonly kind: "mismatch"; readonly path: readonly string[]; readonly expected: string; readonly found: string; readonly span: Span };

/** `checkMissing: false` skips required-field checks (a broken file may have lost fields). */
export function literalProblems(value: A.Expr, slot: FieldType, checkMissing: boolean, path: readonly string[] = []): LiteralProblem[] {
  const reference = collect<"FieldPath", A.FieldPath>(value, "FieldPath")[0];
  if (reference !== undefined) return [{ kind: "reference", path, span: reference.span }];
  if (value.kind === "RecordLiteral" && slot.type.kind === "record") return recordLiteralProblems(value, slot.type, checkMissing, path);
  const type = typeOfExpr(value, { input: UNKNOWN, results: new Map() }, () => {});
  return fitsSlot(type, slot) ? [] : [{ kind: "mismatch", path, expected: typeToString(slot.type), found: describeType(type), span: value.span }];
}

export function recordLiteralProblems(literal: A.RecordLiteral, type: Extract<Type, { kind: "record" }>, checkMissing: boolean, path: readonly string[] = []): LiteralProblem[] {
  const problems: LiteralProblem[] = [];
  const given = new Set<string>();
  for (const field of literal.fields) {
    const name = field.name.name;
    if (name === "") continue;
    given.add(name);
    const slot = type.fields.get(name);
    if (slot === undefined) problems.push({ kind: "unknown-field", path, name, span: field.name.span });
    else problems.push(...literalProblems(field.value, slot, checkMissing, [...path, name]));
  }
  if (!checkMissing) return problems;
  const missing = [...type.fields].filter(([name, slot]) => !slot.optional && !given.has(name)).map(([name]) => `"${name}"`);
  if (missing.length > 0) problems.push({ kind: "missing", path, names: missing, span: literal.span });
  return problems;
}
