/**
 * A tool's input and output as JSON Schema draft 2020-12, generated from the same zod
 * schemas the contract describes (`zod-from-ir.ts`) with `z.toJSONSchema`, then written
 * with a fixed keyword order so the files are stable across zod versions and readable.
 *
 * Input is closed (`additionalProperties: false` at every level): the machine passes only
 * declared arguments. Output is open (no `additionalProperties`): the runtime keeps the
 * declared fields of what a service returns and drops the rest.
 */
import { z } from "zod";
import type { ToolIR } from "../../ir/ir.ts";
import { PII_KEYWORD, zodFromRecord } from "./zod-from-ir.ts";

export const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

export interface ToolSchemas {
  readonly input: string;
  readonly output: string;
}

export function emitToolSchemas(tool: ToolIR): ToolSchemas {
  const input = z.toJSONSchema(zodFromRecord(tool.input, "strict"), { target: "draft-2020-12", io: "input" });
  const output = z.toJSONSchema(zodFromRecord(tool.output, "strip"), { target: "draft-2020-12", io: "input" });
  return { input: render(tool, "input", input), output: render(tool, "output", output) };
}

function render(tool: ToolIR, which: "input" | "output", schema: Record<string, unknown>): string {
  const titled: Record<string, unknown> = { ...schema, $schema: JSON_SCHEMA_DIALECT, title: `${tool.name} ${which}` };
  if (tool.description !== "") titled["description"] = tool.description;
  return `${JSON.stringify(canonical(titled), null, 2)}\n`;
}

const KEYWORD_ORDER = [
  "$schema",
  "title",
  "description",
  "type",
  "enum",
  "const",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  PII_KEYWORD,
];
const RANK = new Map(KEYWORD_ORDER.map((k, i) => [k, i]));

/** Schema keywords in `KEYWORD_ORDER` (others after, alphabetically); property order kept. */
function canonical(schema: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(schema).sort((a, b) => (RANK.get(a) ?? KEYWORD_ORDER.length) - (RANK.get(b) ?? KEYWORD_ORDER.length) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    let value = schema[key];
    if (key === "properties" && isObject(value)) value = mapValues(value, canonical);
    else if (key === "items" && isObject(value)) value = canonical(value);
    // zod bounds every integer to the safe range; only bounds the author wrote are shown
    else if (schema["type"] === "integer" && (key === "minimum" || key === "maximum") && Math.abs(value as number) === Number.MAX_SAFE_INTEGER) continue;
    define(out, key, value);
  }
  return out;
}

function mapValues(object: Record<string, unknown>, f: (value: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) define(out, key, isObject(value) ? f(value) : value);
  return out;
}

/** Own data property even for `__proto__`. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
