/** The contract check's field-by-field comparison of JSON Schemas, both directions. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compareSchemas } from "../../../runtime/mcp/schema-compat.ts";

const object = (properties: Record<string, unknown>, required: string[] = Object.keys(properties), extra: Record<string, unknown> = {}) => ({ type: "object", properties, required, ...extra });
const agent = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input" });

describe("compareSchemas", () => {
  it("accepts an integer where the server takes a number, not the other way round", () => {
    expect(compareSchemas("input", object({ n: { type: "integer" } }), object({ n: { type: "number" } }))).toEqual([]);
    expect(compareSchemas("input", object({ n: { type: "number" } }), object({ n: { type: "integer" } }))).toEqual(['input field "n" is number in the agent but integer on the server']);
  });

  it("compares enums by their values, and a string with an enum as a mismatch", () => {
    const server = object({ c: { type: "string", enum: ["a", "b"] } });
    expect(compareSchemas("input", agent(z.object({ c: z.enum(["a"]) })), server)).toEqual([]);
    expect(compareSchemas("input", agent(z.object({ c: z.enum(["a", "x"]) })), server)).toEqual(['input field "c" is "a" | "x" in the agent but "a" | "b" on the server']);
    expect(compareSchemas("input", agent(z.object({ c: z.literal("b") })), server)).toEqual([]);
    expect(compareSchemas("input", agent(z.object({ c: z.string() })), server)).toEqual(['input field "c" is string in the agent but "a" | "b" on the server']);
    expect(compareSchemas("input", agent(z.object({ c: z.enum(["a"]) })), object({ c: { type: "string" } }))).toEqual([]);
  });

  it("walks nested objects and arrays, naming the field's path", () => {
    const server = object({ order: object({ items: { type: "array", items: object({ sku: { type: "string" }, qty: { type: "integer" } }) } }) });
    const declared = agent(z.object({ order: z.object({ items: z.array(z.object({ sku: z.number(), qty: z.number().int() })) }) }));
    expect(compareSchemas("input", declared, server)).toEqual(['input field "order.items[].sku" is number in the agent but string on the server']);
    expect(compareSchemas("input", agent(z.object({ order: z.object({ items: z.string() }) })), server)).toEqual(['input field "order.items" is string in the agent but array on the server']);
  });

  it("reports required fields missing or optional in the agent, and fields the server does not take", () => {
    const server = object({ a: { type: "string" }, b: { type: "string" } }, ["a", "b"]);
    expect(compareSchemas("input", agent(z.object({ a: z.string().optional(), x: z.boolean() })), server)).toEqual([
      'input field "a" is required on the server but optional in the agent',
      'input field "b" is required on the server but not declared in the agent',
      'input field "x" is declared in the agent but not on the server, which accepts no other fields',
    ]);
    expect(compareSchemas("input", agent(z.object({ a: z.string(), b: z.string(), x: z.boolean() })), { ...server, additionalProperties: true })).toEqual([]);
    expect(compareSchemas("input", agent(z.object({ x: z.boolean() })), { type: "object" })).toEqual([]);
  });

  it("output: the agent's required fields must be given by the server; extra server fields are dropped", () => {
    const server = object({ id: { type: "string" }, note: { type: "string" }, extra: { type: "number" } }, ["id", "extra"]);
    expect(compareSchemas("output", agent(z.object({ id: z.string(), note: z.string() })), server)).toEqual(['output field "note" is required in the agent but optional on the server']);
    expect(compareSchemas("output", agent(z.object({ id: z.string(), note: z.string().optional() })), server)).toEqual([]);
    expect(compareSchemas("output", agent(z.object({ id: z.enum(["a"]) })), server)).toEqual(['output field "id" is string on the server but "a" in the agent']);
  });

  it("resolves local $refs, type lists and anyOf on the server side", () => {
    const server = { $defs: { Money: object({ amount: { type: ["number", "null"] } }) }, ...object({ price: { $ref: "#/$defs/Money" }, id: { anyOf: [{ type: "string" }, { type: "integer" }] } }) };
    expect(compareSchemas("input", agent(z.object({ price: z.object({ amount: z.number() }), id: z.number().int() })), server)).toEqual([]);
    expect(compareSchemas("input", agent(z.object({ price: z.object({ amount: z.boolean() }), id: z.boolean() })), server)).toEqual([
      'input field "price.amount" is boolean in the agent but number | null on the server',
      'input field "id" is boolean in the agent but string | integer on the server',
    ]);
  });

  it("a schema it cannot read (true, {}, a foreign $ref) accepts anything", () => {
    expect(compareSchemas("input", agent(z.object({ a: z.string() })), true)).toEqual([]);
    expect(compareSchemas("input", agent(z.object({ a: z.string() })), object({ a: { $ref: "https://example.org/s.json" } }))).toEqual([]);
  });

  it("property: every schema fits itself, both ways", () => {
    const leaf = fc.oneof(
      fc.constantFrom({ type: "string" }, { type: "number" }, { type: "integer" }, { type: "boolean" }),
      fc.uniqueArray(fc.string({ maxLength: 3 }), { minLength: 1, maxLength: 3 }).map((values) => ({ type: "string", enum: values })),
    );
    const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
      schema: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie("schema"), { maxKeys: 4 }).chain((properties) =>
          fc.subarray(Object.keys(properties)).map((required) => ({ type: "object", properties, required })),
        ),
        tie("schema").map((items) => ({ type: "array", items })),
      ),
    }));
    fc.assert(
      fc.property(schema, (s) => {
        expect(compareSchemas("input", s, s)).toEqual([]);
        expect(compareSchemas("output", s, s)).toEqual([]);
      }),
    );
  });

  it("property: a mismatched leaf type is always reported, once, with its path", () => {
    const kinds = ["string", "boolean", "number"] as const;
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.constantFrom(...kinds), fc.array(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 4 }), (mine, theirs, path) => {
        const nest = (leaf: unknown) => path.reduceRight<unknown>((inner, name) => object({ [name]: inner }), leaf);
        const problems = compareSchemas("input", nest({ type: mine }), nest({ type: theirs }));
        expect(problems).toEqual(mine === theirs ? [] : [`input field "${path.join(".")}" is ${mine} in the agent but ${theirs} on the server`]);
      }),
    );
  });
});
