/** IR types as TypeScript types and as zod v4 schemas (the two must describe the same values). */
import type { RecordTypeIR, TypeIR } from "../../ir/ir.ts";
import { arr, call, numberText, obj, raw, stringText, typeKeyText, type Code } from "./code.ts";

/** A TypeScript type for values of `type`, one line per record field when nested. */
export function tsType(type: TypeIR, indent = 0): string {
  switch (type.kind) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "enum":
      return type.values.map(stringText).join(" | ");
    case "array": {
      const element = tsType(type.element, indent);
      return type.element.kind === "enum" && type.element.values.length > 1 ? `(${element})[]` : `${element}[]`;
    }
    case "record":
      return tsRecord(type, indent);
  }
}

function tsRecord(type: RecordTypeIR, indent: number): string {
  if (type.fields.length === 0) return "{}";
  const pad = "  ".repeat(indent + 1);
  const fields = type.fields.map((f) => `${pad}${typeKeyText(f.name)}${f.optional ? "?" : ""}: ${tsType(f.type, indent + 1)};`);
  return `{\n${fields.join("\n")}\n${"  ".repeat(indent)}}`;
}

/** A zod v4 schema (as code) that accepts exactly the values of `type`. */
export function zodSchema(type: TypeIR): Code {
  switch (type.kind) {
    case "string": {
      let code = "z.string()";
      if (type.minLength !== undefined) code += `.min(${numberText(type.minLength)})`;
      if (type.maxLength !== undefined) code += `.max(${numberText(type.maxLength)})`;
      if (type.pattern !== undefined) code += `.regex(new RegExp(${stringText(type.pattern)}, "u"))`;
      return raw(code);
    }
    case "number":
    case "integer": {
      let code = type.kind === "integer" ? "z.number().int()" : "z.number()";
      if (type.min !== undefined) code += `.min(${numberText(type.min)})`;
      if (type.max !== undefined) code += `.max(${numberText(type.max)})`;
      return raw(code);
    }
    case "boolean":
      return raw("z.boolean()");
    case "enum":
      return call("z.enum", [arr(type.values.map((v) => raw(stringText(v))))]);
    case "array": {
      let tail = "";
      if (type.minItems !== undefined) tail += `.min(${numberText(type.minItems)})`;
      if (type.maxItems !== undefined) tail += `.max(${numberText(type.maxItems)})`;
      return call("z.array", [zodSchema(type.element)], tail);
    }
    case "record":
      return call(
        "z.object",
        [obj(type.fields.map((f) => [f.name, f.optional ? optional(zodSchema(f.type)) : zodSchema(f.type)] as const))],
      );
  }
}

function optional(code: Code): Code {
  if (code.kind === "raw") return raw(`${code.text}.optional()`);
  if (code.kind === "call") return { ...code, tail: `${code.tail}.optional()` };
  return call("z.optional", [code]);
}
