/**
 * The JSON Schema subset the mock layer generates from (what zod v4's `z.toJSONSchema` emits
 * for agentc types, and what the AI SDK sends as tool and response-format schemas), and the
 * conversion of a zod schema to it.
 */
import { z } from "zod";

/** A JSON Schema (draft 2020-12 or draft-07) object, read loosely: unknown keywords are ignored. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaLike>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchemaLike | readonly JsonSchemaLike[];
  readonly prefixItems?: readonly JsonSchemaLike[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number | boolean;
  readonly exclusiveMaximum?: number | boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly anyOf?: readonly JsonSchemaLike[];
  readonly oneOf?: readonly JsonSchemaLike[];
  readonly allOf?: readonly JsonSchemaLike[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchemaLike>>;
  readonly definitions?: Readonly<Record<string, JsonSchemaLike>>;
}

/** `true` (anything) and `false` (nothing) are schemas too. */
export type JsonSchemaLike = JsonSchema | boolean;

/** Has zod v4's internals (`_zod`), so `z.toJSONSchema` can read it. */
export function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "_zod" in value;
}

const converted = new WeakMap<object, JsonSchema>();

/**
 * The JSON Schema of a zod v4 schema (its input side, cached per schema) or the JSON Schema
 * itself. Types JSON Schema cannot express (dates, transforms) become "anything".
 */
export function toJsonSchema(schema: z.ZodType | JsonSchemaLike): JsonSchema {
  if (schema === true) return {};
  if (schema === false) return { not: {} } as JsonSchema;
  if (!isZodSchema(schema)) return schema;
  const cached = converted.get(schema);
  if (cached !== undefined) return cached;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  converted.set(schema, json);
  return json;
}
