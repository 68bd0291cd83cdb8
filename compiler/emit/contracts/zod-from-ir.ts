/**
 * IR types → zod v4 schema objects, for emitting JSON Schema at build time (the machine
 * emitter writes zod SOURCE for the runtime separately; the two follow the same rules):
 * - records are objects whose fields keep declaration order; `?` fields are optional;
 * - unknown keys: `strict` rejects them (tool inputs: the machine passes exactly the
 *   declared arguments), `strip` drops them (tool outputs: a tolerant reader of what a
 *   service returns);
 * - `@min/@max` → minimum/maximum, `@minLength/@maxLength/@pattern` on strings and
 *   `@minLength/@maxLength` on arrays → length bounds; `@pii` is carried as metadata
 *   (`x-agentc-pii: true` in JSON Schema) so consumers can redact.
 */
import { z } from "zod";
import type { RecordTypeIR, TypeIR } from "../../ir/ir.ts";

export type UnknownKeys = "strict" | "strip";

export const PII_KEYWORD = "x-agentc-pii";

export function zodFromRecord(record: RecordTypeIR, unknownKeys: UnknownKeys): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const field of record.fields) {
    let schema: z.ZodType = zodFromType(field.type, unknownKeys);
    if (field.pii) schema = schema.meta({ [PII_KEYWORD]: true });
    // defineProperty: a field may be named `__proto__`
    Object.defineProperty(shape, field.name, { value: field.optional ? schema.optional() : schema, enumerable: true, writable: true, configurable: true });
  }
  return unknownKeys === "strict" ? z.strictObject(shape) : z.object(shape);
}

export function zodFromType(type: TypeIR, unknownKeys: UnknownKeys): z.ZodType {
  switch (type.kind) {
    case "string": {
      let s = z.string();
      if (type.minLength !== undefined) s = s.min(type.minLength);
      if (type.maxLength !== undefined) s = s.max(type.maxLength);
      const pattern = type.pattern === undefined ? undefined : compilePattern(type.pattern);
      if (pattern !== undefined) s = s.regex(pattern);
      return s;
    }
    case "number":
    case "integer": {
      let n = type.kind === "integer" ? z.int() : z.number();
      if (type.min !== undefined) n = n.min(type.min);
      if (type.max !== undefined) n = n.max(type.max);
      return n;
    }
    case "boolean":
      return z.boolean();
    case "enum":
      return z.enum(type.values as [string, ...string[]]);
    case "array": {
      let a = z.array(zodFromType(type.element, unknownKeys));
      if (type.minItems !== undefined) a = a.min(type.minItems);
      if (type.maxItems !== undefined) a = a.max(type.maxItems);
      return a;
    }
    case "record":
      return zodFromRecord(type, unknownKeys);
  }
}

/** The checker rejects invalid patterns; a surprise here drops the constraint rather than throw. */
function compilePattern(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
}
