/**
 * The checker's type model: what a field, a result or an expression can hold, and when a
 * value of one type may go where another is expected. `unknown` stands for "already
 * reported or unresolvable" and is assignable both ways, so one mistake gives one error.
 */
import type * as A from "../../language/ast.ts";

export type Type =
  | { readonly kind: "string" }
  | { readonly kind: "number" }
  | { readonly kind: "integer" }
  | { readonly kind: "boolean" }
  /** A string-literal union such as `"low" | "high"` (one value for a literal). */
  | { readonly kind: "literal"; readonly values: readonly string[] }
  | { readonly kind: "array"; readonly element: Type }
  | { readonly kind: "record"; readonly fields: ReadonlyMap<string, FieldType> }
  /** A value read through an optional field: it may be absent. */
  | { readonly kind: "optional"; readonly inner: Type }
  | { readonly kind: "unknown" };

export interface FieldType {
  readonly type: Type;
  readonly optional: boolean;
  /** The declaration, for related locations ("declared here"). */
  readonly decl: A.FieldDecl | undefined;
}

export const STRING: Type = { kind: "string" };
export const NUMBER: Type = { kind: "number" };
export const INTEGER: Type = { kind: "integer" };
export const BOOLEAN: Type = { kind: "boolean" };
export const UNKNOWN: Type = { kind: "unknown" };
export const EMPTY_RECORD: Type = { kind: "record", fields: new Map() };

/** The type an AST type expression denotes. Duplicate fields keep the first declaration. */
export function typeFromAst(node: A.TypeExpr | undefined): Type {
  if (node === undefined) return UNKNOWN;
  switch (node.kind) {
    case "PrimitiveType":
      return { kind: node.name };
    case "LiteralUnionType":
      return node.values.length === 0 ? UNKNOWN : { kind: "literal", values: node.values.map((v) => v.value) };
    case "ArrayType":
      return { kind: "array", element: typeFromAst(node.element) };
    case "RecordType":
      return recordFromAst(node);
    default:
      return UNKNOWN;
  }
}

export function recordFromAst(node: A.RecordType | undefined): Type {
  if (node === undefined) return UNKNOWN;
  const fields = new Map<string, FieldType>();
  for (const field of node.fields) {
    const name = field.name.name;
    if (name === "" || fields.has(name)) continue;
    fields.set(name, { type: typeFromAst(field.type), optional: field.optional, decl: field });
  }
  return { kind: "record", fields };
}

export function stripOptional(type: Type): Type {
  return type.kind === "optional" ? type.inner : type;
}

export function isStringLike(type: Type): boolean {
  const t = stripOptional(type);
  return t.kind === "string" || t.kind === "literal";
}

export function isNumeric(type: Type): boolean {
  const t = stripOptional(type);
  return t.kind === "number" || t.kind === "integer";
}

/** Types whose values read well in text: placeholders may only hold these. */
export function isScalar(type: Type): boolean {
  const t = stripOptional(type);
  return t.kind === "unknown" || t.kind === "boolean" || isStringLike(t) || isNumeric(t);
}

/**
 * Whether a value of `source` may go where `target` is expected. Integers are numbers,
 * literal unions are strings, and records must match exactly (no missing required field,
 * no extra field). An optional source fits only an optional slot (see `fitsSlot`).
 */
export function isAssignable(source: Type, target: Type): boolean {
  if (source.kind === "unknown" || target.kind === "unknown") return true;
  if (target.kind === "optional") return isAssignable(stripOptional(source), target.inner);
  if (source.kind === "optional") return false;
  switch (target.kind) {
    case "string":
      return source.kind === "string" || source.kind === "literal";
    case "number":
      return source.kind === "number" || source.kind === "integer";
    case "integer":
    case "boolean":
      return source.kind === target.kind;
    case "literal":
      return source.kind === "literal" && source.values.every((v) => target.values.includes(v));
    case "array":
      return source.kind === "array" && isAssignable(source.element, target.element);
    case "record":
      if (source.kind !== "record") return false;
      for (const [name, field] of target.fields) {
        const given = source.fields.get(name);
        if (given === undefined) {
          if (!field.optional) return false;
        } else if (!fitsSlot(given.type, field)) return false;
      }
      for (const name of source.fields.keys()) if (!target.fields.has(name)) return false;
      return true;
  }
}

/** Whether a value fits a record field (an optional field also accepts a maybe-absent value). */
export function fitsSlot(source: Type, slot: FieldType): boolean {
  return slot.optional ? isAssignable(stripOptional(source), slot.type) : isAssignable(source, slot.type);
}

/** Human name of a type, as messages print it: `string`, `"a" | "b"`, `{ total: number }`. */
export function typeToString(type: Type): string {
  switch (type.kind) {
    case "literal":
      return type.values.map((v) => JSON.stringify(v)).join(" | ");
    case "array": {
      const inner = typeToString(type.element);
      return type.element.kind === "literal" && type.element.values.length > 1 ? `(${inner})[]` : `${inner}[]`;
    }
    case "record": {
      if (type.fields.size === 0) return "{}";
      const parts = [...type.fields].map(([name, f]) => `${name}${f.optional ? "?" : ""}: ${typeToString(f.type)}`);
      const text = `{ ${parts.join(", ")} }`;
      return text.length > 60 ? `{ ${parts.slice(0, 2).join(", ")}, … }` : text;
    }
    case "optional":
      return `${typeToString(type.inner)} (optional)`;
    default:
      return type.kind;
  }
}

/** `a string`, `an integer`, `a record`… for prose. */
export function describeType(type: Type): string {
  const t = stripOptional(type);
  const text = typeToString(t);
  if (t.kind === "record") return "a record";
  if (t.kind === "array") return `an array (${text})`;
  if (t.kind === "literal") return t.values.length === 1 ? `the string ${text}` : `one of ${text}`;
  return /^[aeiou]/.test(text) ? `an ${text}` : `a ${text}`;
}
