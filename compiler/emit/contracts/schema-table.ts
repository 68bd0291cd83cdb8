/**
 * A record type as a readable table: one row per field, nested records flattened with
 * dotted paths (`customer.phone`), array elements written `[]` (`items[].sku`).
 */
import type { RecordTypeIR, TypeIR } from "../../ir/ir.ts";
import { code, table } from "./markdown.ts";

export interface SchemaRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly constraints: readonly string[];
  readonly pii: boolean;
}

export function schemaRows(record: RecordTypeIR, prefix = ""): SchemaRow[] {
  const rows: SchemaRow[] = [];
  for (const field of record.fields) {
    const path = `${prefix}${field.name}`;
    rows.push({ path, type: typeText(field.type), required: !field.optional, constraints: constraints(field.type), pii: field.pii });
    rows.push(...nestedRows(field.type, path));
  }
  return rows;
}

/** Rows for the fields inside a record (or an array of records, at any depth). */
function nestedRows(type: TypeIR, path: string): SchemaRow[] {
  if (type.kind === "record") return schemaRows(type, `${path}.`);
  if (type.kind === "array") return nestedRows(type.element, `${path}[]`);
  return [];
}

export function typeText(type: TypeIR): string {
  switch (type.kind) {
    case "enum":
      return type.values.map((v) => JSON.stringify(v)).join(" | ");
    case "array": {
      const element = typeText(type.element);
      return type.element.kind === "enum" ? `(${element})[]` : `${element}[]`;
    }
    default:
      return type.kind;
  }
}

function constraints(type: TypeIR): string[] {
  const out: string[] = [];
  switch (type.kind) {
    case "string":
      if (type.minLength !== undefined) out.push(`length ≥ ${type.minLength}`);
      if (type.maxLength !== undefined) out.push(`length ≤ ${type.maxLength}`);
      if (type.pattern !== undefined) out.push(`matches ${code(type.pattern)}`);
      break;
    case "number":
    case "integer":
      if (type.min !== undefined) out.push(`≥ ${type.min}`);
      if (type.max !== undefined) out.push(`≤ ${type.max}`);
      break;
    case "array":
      if (type.minItems !== undefined) out.push(`≥ ${type.minItems} items`);
      if (type.maxItems !== undefined) out.push(`≤ ${type.maxItems} items`);
      break;
    default:
      break;
  }
  return out;
}

/** The table, or a sentence when the record has no fields. */
export function schemaTable(record: RecordTypeIR): string {
  const rows = schemaRows(record);
  if (rows.length === 0) return "No fields.";
  return table(
    ["Field", "Type", "Required", "Constraints", "PII"],
    rows.map((r) => [code(r.path), r.type, r.required ? "yes" : "no", r.constraints.join(", "), r.pii ? "**@pii**" : ""]),
  );
}
