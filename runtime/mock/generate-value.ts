/**
 * Seeded value generation from a schema: a zod v4 schema (converted with `z.toJSONSchema`)
 * or a JSON Schema. Honours types, enums and consts, required and optional properties,
 * string lengths and patterns (`randexp`, driven by the seeded stream), number bounds and
 * `integer`, and array lengths; strings and numbers look like their field's name says
 * (`field-values.ts`). With a zod schema every value is checked with `safeParse` and drawn
 * again if it fails, so what comes out always passes; what cannot be generated is a
 * `MockValueError`, never a wrong value.
 */
import randexpExports from "randexp";
import type { Schema } from "../contract.ts";
import { MockValueError } from "./errors.ts";
import { numberDomainForName, stringForName } from "./field-values.ts";
import { isZodSchema, toJsonSchema, type JsonSchema, type JsonSchemaLike } from "./json-schema.ts";
import { rngFor, type Rng, type Seed } from "./random.ts";

export interface GenerateOptions {
  /** The stream to draw from; or `seed` (default 0) for a fresh one. */
  readonly rng?: Rng;
  readonly seed?: Seed;
  /** The value's field name, for realistic strings and numbers (`email`, `amount`). */
  readonly name?: string;
  /** Where the value goes, for error messages (default `value`). */
  readonly path?: string;
  /**
   * Values to reuse for top-level properties of the same name when they fit (a tool's
   * output echoing its input's `orderId`).
   */
  readonly prefer?: Readonly<Record<string, unknown>>;
}

/**
 * randexp is CommonJS (`module.exports = RandExp`) while its types declare an ES default
 * export; take whichever the loader gives.
 */
interface PatternGenerator {
  max: number;
  randInt: (a: number, b: number) => number;
  gen(): string;
}
type PatternGeneratorClass = new (pattern: string) => PatternGenerator;
const RandExp: PatternGeneratorClass =
  (randexpExports as unknown as { default?: PatternGeneratorClass }).default ?? (randexpExports as unknown as PatternGeneratorClass);

/** Draws per schema before giving up on a zod schema that keeps rejecting (a refinement the JSON Schema cannot show). */
const ZOD_ATTEMPTS = 12;
/** `$ref` depth after which optional properties are dropped and arrays take their fewest items. */
const MAX_DEPTH = 6;

/** A value valid against `schema`. Same schema and seed (or stream state), same value. */
export function generateValue(schema: Schema | JsonSchemaLike, options: GenerateOptions = {}): unknown {
  const rng = options.rng ?? rngFor(options.seed ?? 0, "value");
  const path = options.path ?? "value";
  if (typeof schema === "boolean") return generateJson(schema, schema, rng, path, options.name, options.prefer);
  if (!isZodSchema(schema)) {
    if ("safeParse" in schema) throw new MockValueError(path, "the schema is neither zod v4 nor JSON Schema; give the zod schema of the generated module");
    return generateJson(schema, schema, rng, path, options.name, options.prefer);
  }
  const json = toJsonSchema(schema);
  let lastIssue = "";
  for (let attempt = 0; attempt < ZOD_ATTEMPTS; attempt++) {
    const value = generateJson(json, json, rng, path, options.name, attempt === 0 ? options.prefer : undefined);
    const result = schema.safeParse(value);
    if (result.success) return value;
    lastIssue = issueText(result.error);
  }
  throw new MockValueError(path, `generated values keep failing the schema (${lastIssue})`);
}

function issueText(error: unknown): string {
  const issues = (error as { issues?: readonly { path?: readonly PropertyKey[]; message?: string }[] }).issues;
  const first = issues?.[0];
  if (first === undefined) return String(error);
  return `${first.path?.map(String).join(".") || "(root)"}: ${first.message ?? "invalid"}`;
}

/** Generation from a JSON Schema; `root` resolves `#/$defs/…` references. */
export function generateJson(schema: JsonSchemaLike, root: JsonSchemaLike, rng: Rng, path = "value", name?: string, prefer?: Readonly<Record<string, unknown>>): unknown {
  return new Walker(root, rng).value(schema, path, name, 0, prefer);
}

class Walker {
  readonly root: JsonSchemaLike;
  readonly rng: Rng;

  constructor(root: JsonSchemaLike, rng: Rng) {
    this.root = root;
    this.rng = rng;
  }

  value(schema: JsonSchemaLike, path: string, name: string | undefined, depth: number, prefer?: Readonly<Record<string, unknown>>): unknown {
    if (schema === true) return stringForName(name, this.rng);
    if (schema === false) throw new MockValueError(path, "the schema accepts no value");
    if (schema.$ref !== undefined) return this.value(this.resolve(schema.$ref, path), path, name, depth + 1, prefer);
    if ("const" in schema) return structuredClone(schema.const);
    if (schema.enum !== undefined) {
      if (schema.enum.length === 0) throw new MockValueError(path, "an empty enum accepts no value");
      return structuredClone(this.rng.pick(schema.enum));
    }
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches !== undefined && branches.length > 0) return this.value(this.rng.pick(branches), path, name, depth, prefer);
    if (schema.allOf !== undefined && schema.allOf.length > 0) return this.value(mergeAll(schema), path, name, depth, prefer);
    switch (this.typeOf(schema)) {
      case "object":
        return this.object(schema, path, depth, prefer);
      case "array":
        return this.array(schema, path, name, depth);
      case "string":
        return this.string(schema, path, name);
      case "integer":
        return this.number(schema, path, name, true);
      case "number":
        return this.number(schema, path, name, false);
      case "boolean":
        return this.rng.bool();
      case "null":
        return null;
      default:
        return stringForName(name, this.rng);
    }
  }

  typeOf(schema: JsonSchema): string | undefined {
    const type = schema.type;
    if (typeof type === "string") return type;
    if (Array.isArray(type) && type.length > 0) {
      const concrete = type.filter((t) => t !== "null");
      return concrete.length === 0 || this.rng.bool(0.1) ? "null" : this.rng.pick(concrete);
    }
    if (schema.properties !== undefined) return "object";
    if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
    return undefined;
  }

  resolve(ref: string, path: string): JsonSchemaLike {
    const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
    const defs = match === null || typeof this.root === "boolean" ? undefined : match[1] === "$defs" ? this.root.$defs : this.root.definitions;
    const key = match?.[2]?.replace(/~1/g, "/").replace(/~0/g, "~");
    if (ref === "#") return this.root;
    if (defs === undefined || key === undefined || !Object.hasOwn(defs, key)) throw new MockValueError(path, `cannot resolve the reference ${ref}`);
    return defs[key]!;
  }

  object(schema: JsonSchema, path: string, depth: number, prefer?: Readonly<Record<string, unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      // An absent `toString` or `__proto__` reads as Object.prototype's, which zod rejects: always give those.
      const wanted = required.has(key) || key in Object.prototype || (depth < MAX_DEPTH && this.rng.bool(0.7));
      if (!wanted) continue;
      const reuse = prefer !== undefined && Object.hasOwn(prefer, key) && fits(prefer[key], property);
      const value = reuse ? prefer[key] : this.value(property, `${path}.${key}`, key, depth);
      // defineProperty: a field named `__proto__` must become an own property, not the prototype.
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  array(schema: JsonSchema, path: string, name: string | undefined, depth: number): unknown[] {
    const prefix = schema.prefixItems ?? (Array.isArray(schema.items) ? (schema.items as readonly JsonSchemaLike[]) : []);
    const rest: JsonSchemaLike | undefined = Array.isArray(schema.items) ? undefined : (schema.items as JsonSchemaLike | undefined);
    const min = Math.max(schema.minItems ?? 0, prefix.length);
    const max = schema.maxItems ?? Number.POSITIVE_INFINITY;
    if (min > max) throw new MockValueError(path, `needs at least ${min} and at most ${max} items`);
    const typical = Math.max(min, 1);
    const count = depth >= MAX_DEPTH || rest === undefined ? min : this.rng.int(Math.min(typical, max), Math.min(max, typical + 2));
    const element = singular(name);
    return Array.from({ length: count }, (_, i) => this.value(i < prefix.length ? prefix[i]! : (rest ?? true), `${path}[${i}]`, element, depth + 1));
  }

  string(schema: JsonSchema, path: string, name: string | undefined): string {
    const min = schema.minLength ?? 0;
    const max = schema.maxLength ?? Number.POSITIVE_INFINITY;
    if (min > max) throw new MockValueError(path, `needs a length of at least ${min} and at most ${max}`);
    if (schema.pattern !== undefined) return this.patterned(schema.pattern, min, max, path, name, schema.format);
    return fitLength(stringForName(name, this.rng, schema.format), min, max, this.rng);
  }

  /** A string matching `pattern` within the lengths: the name's guess if it matches, else randexp draws. */
  patterned(pattern: string, min: number, max: number, path: string, name: string | undefined, format: string | undefined): string {
    const regex = compile(pattern, path);
    const ok = (s: string): boolean => s.length >= min && s.length <= max && regex.test(s);
    const guess = stringForName(name, this.rng, format);
    if (ok(guess)) return guess;
    let generator: PatternGenerator;
    try {
      generator = new RandExp(pattern);
    } catch (error) {
      throw new MockValueError(path, `cannot generate strings for the pattern /${pattern}/ (${error instanceof Error ? error.message : String(error)})`);
    }
    generator.randInt = (a: number, b: number) => this.rng.int(a, b);
    const openEnd = !pattern.endsWith("$");
    const cap = Number.isFinite(max) ? max : 24;
    for (let attempt = 0; attempt < 100; attempt++) {
      // How many extra repetitions `*`, `+` and `{n,}` may take: short first, longer if that fails.
      generator.max = this.rng.int(0, Math.min(cap, attempt < 50 ? 8 : 64));
      let text = generator.gen();
      if (openEnd && text.length < min) text += letters(this.rng, min - text.length);
      if (ok(text)) return text;
    }
    const lengths = Number.isFinite(max) ? ` with a length in ${min}..${max}` : min > 0 ? ` with a length of at least ${min}` : "";
    throw new MockValueError(path, `cannot generate a string matching /${pattern}/${lengths}`);
  }

  number(schema: JsonSchema, path: string, name: string | undefined, integer: boolean): number {
    const bounds = numberBounds(schema);
    const domain = numberDomainForName(name, integer || isIntegerStep(schema.multipleOf));
    let from = Math.max(bounds.lo, domain.min);
    let to = Math.min(bounds.hi, domain.max);
    if (from > to) {
      const width = domain.max - domain.min;
      from = Number.isFinite(bounds.lo) ? bounds.lo : bounds.hi - width;
      to = Number.isFinite(bounds.hi) ? bounds.hi : bounds.lo + width;
    }
    const accepts = (v: number): boolean => Number.isFinite(v) && bounds.accepts(v) && (!integer || Number.isSafeInteger(v)) && multipleOk(v, schema.multipleOf);
    const candidates: number[] = [];
    if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
      const m = schema.multipleOf;
      const k = this.rng.int(Math.ceil(from / m), Math.floor(to / m));
      candidates.push(k * m, Math.ceil(bounds.lo / m) * m, Math.floor(bounds.hi / m) * m);
    } else if (integer) {
      candidates.push(this.rng.int(Math.ceil(from), Math.floor(to)), Math.ceil(from), Math.floor(to));
    } else {
      const raw = from + this.rng.next() * (to - from);
      const scale = 10 ** domain.decimals;
      candidates.push(Math.round(raw * scale) / scale, raw, (from + to) / 2, from, to);
    }
    const found = candidates.find(accepts);
    if (found === undefined) throw new MockValueError(path, `no ${integer ? "integer" : "number"} fits the bounds ${bounds.text}`);
    return Object.is(found, -0) ? 0 : found;
  }
}

function numberBounds(schema: JsonSchema): { lo: number; hi: number; accepts: (v: number) => boolean; text: string } {
  let lo = schema.minimum ?? Number.NEGATIVE_INFINITY;
  let hi = schema.maximum ?? Number.POSITIVE_INFINITY;
  let loOpen = false;
  let hiOpen = false;
  if (typeof schema.exclusiveMinimum === "number" && schema.exclusiveMinimum >= lo) [lo, loOpen] = [schema.exclusiveMinimum, true];
  else if (schema.exclusiveMinimum === true) loOpen = true;
  if (typeof schema.exclusiveMaximum === "number" && schema.exclusiveMaximum <= hi) [hi, hiOpen] = [schema.exclusiveMaximum, true];
  else if (schema.exclusiveMaximum === true) hiOpen = true;
  return {
    lo,
    hi,
    accepts: (v) => (loOpen ? v > lo : v >= lo) && (hiOpen ? v < hi : v <= hi),
    text: `${loOpen ? "(" : "["}${lo}, ${hi}${hiOpen ? ")" : "]"}`,
  };
}

function isIntegerStep(step: number | undefined): boolean {
  return step !== undefined && Number.isInteger(step);
}

function multipleOk(value: number, step: number | undefined): boolean {
  if (step === undefined || step <= 0) return true;
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function compile(pattern: string, path: string): RegExp {
  try {
    return new RegExp(pattern, "u");
  } catch {
    try {
      return new RegExp(pattern);
    } catch (error) {
      throw new MockValueError(path, `the pattern /${pattern}/ is not a valid regular expression (${error instanceof Error ? error.message : String(error)})`);
    }
  }
}

/** Cut to `max` (at a word boundary when one is long enough) and pad to `min` with letters. */
export function fitLength(text: string, min: number, max: number, rng: Rng): string {
  let out = text;
  if (out.length > max) {
    const cut = out.slice(0, max + 1);
    const space = cut.lastIndexOf(" ");
    out = space > 0 && space >= min ? cut.slice(0, space) : out.slice(0, max).trimEnd();
  }
  if (out.length < min) out += letters(rng, min - out.length);
  return out;
}

function letters(rng: Rng, count: number): string {
  return Array.from({ length: count }, () => String.fromCharCode(97 + rng.int(0, 25))).join("");
}

/** Does a prefered value fit a primitive schema? Records and arrays are not reused. */
function fits(value: unknown, schema: JsonSchemaLike): boolean {
  if (typeof schema === "boolean") return schema;
  if (schema.enum !== undefined) return schema.enum.includes(value);
  if (typeof value === "string" && schema.type === "string") {
    if (value.length < (schema.minLength ?? 0) || value.length > (schema.maxLength ?? Number.POSITIVE_INFINITY)) return false;
    try {
      return schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value);
    } catch {
      return false;
    }
  }
  if (typeof value === "number" && (schema.type === "number" || schema.type === "integer")) {
    return (schema.type === "number" || Number.isSafeInteger(value)) && numberBounds(schema).accepts(value);
  }
  return typeof value === "boolean" && schema.type === "boolean";
}

/** `allOf` merged shallowly (what agentc never emits; enough for simple intersections). */
function mergeAll(schema: JsonSchema): JsonSchema {
  const { allOf, ...rest } = schema;
  const parts = (allOf ?? []).filter((p): p is JsonSchema => typeof p === "object");
  const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}), rest.properties ?? {});
  const required = [...new Set([...parts.flatMap((p) => p.required ?? []), ...(rest.required ?? [])])];
  return Object.assign({}, ...parts, rest, Object.keys(properties).length > 0 ? { properties, required } : {});
}

/** `items` → `item`, for the element's field-name guess. */
function singular(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  return name.endsWith("ies") ? `${name.slice(0, -3)}y` : name.endsWith("s") ? name.slice(0, -1) : name;
}
