/** Value generation: always valid against the zod schema, repeatable by seed, realistic by field name. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateValue, MockValueError, rngFor, type JsonSchema } from "../../../runtime/mock/index.ts";
import { allSchemas, exampleModule, randomModule } from "./support.ts";

describe("generateValue over random agents", () => {
  it("every generated value passes its zod schema, for every schema of a random valid agent", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 0x7fffffff }), fc.integer({ min: 1, max: 8 }), fc.nat(), async (agentSeed, states, seed) => {
        const module = await randomModule(agentSeed, states);
        for (const [name, schema] of allSchemas(module)) {
          for (let draw = 0; draw < 5; draw++) {
            const value = generateValue(schema, { rng: rngFor(seed, name, draw), name });
            const result = schema.safeParse(value);
            if (!result.success) throw new Error(`${name}: ${JSON.stringify(value)} fails: ${result.error.message}`);
          }
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it("JSON-Schema-only generation (what the model sees) also passes the zod schema", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 0x7fffffff }), fc.nat(), async (agentSeed, seed) => {
        const module = await randomModule(agentSeed, 5);
        for (const [name, schema] of allSchemas(module)) {
          const value = generateValue(z.toJSONSchema(schema) as JsonSchema, { seed, name });
          expect(schema.safeParse(value).success, `${name}: ${JSON.stringify(value)}`).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("the same seed gives the same values; another seed, other values", async () => {
    const module = await exampleModule("refund");
    const output = module.schemas.tools.getOrder!.output;
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        expect(generateValue(output, { seed })).toEqual(generateValue(output, { seed }));
      }),
    );
    const distinct = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(generateValue(output, { seed }))));
    expect(distinct.size).toBeGreaterThan(15);
  });
});

describe("generateValue constraints", () => {
  const draws = <T>(schema: z.ZodType<T>, n = 200): T[] => Array.from({ length: n }, (_, seed) => generateValue(schema, { seed }) as T);

  it("honours patterns together with lengths", () => {
    const schema = z.string().regex(new RegExp("^[a-z]+$", "u")).min(3).max(5);
    for (const value of draws(schema)) expect(value).toMatch(/^[a-z]{3,5}$/);
    for (const value of draws(z.string().regex(new RegExp("^o[0-9]{4,12}$", "u")))) expect(value).toMatch(/^o[0-9]{4,12}$/);
  });

  it("pads an unanchored pattern's match to the minimum length", () => {
    for (const value of draws(z.string().regex(/ab/).min(6), 50)) expect(value.length >= 6 && value.includes("ab")).toBe(true);
  });

  it("honours integer and number bounds, exclusive ones included", () => {
    for (const value of draws(z.number().int().min(3).max(4))) expect([3, 4]).toContain(value);
    for (const value of draws(z.number().gt(0).lt(0.01))) expect(value > 0 && value < 0.01).toBe(true);
    for (const value of draws(z.number().min(-50).max(-40))) expect(value >= -50 && value <= -40).toBe(true);
    for (const value of draws(z.number().multipleOf(5).min(1).max(12))) expect([5, 10]).toContain(value);
  });

  it("picks only enum members and honours array lengths", () => {
    const values = draws(z.array(z.enum(["low", "high"])).min(2).max(3));
    for (const value of values) {
      expect(value.length >= 2 && value.length <= 3).toBe(true);
      for (const v of value) expect(["low", "high"]).toContain(v);
    }
    expect(new Set(values.flat())).toEqual(new Set(["low", "high"]));
  });

  it("includes optional fields sometimes and required fields always", () => {
    const values = draws(z.object({ a: z.string(), b: z.number().optional() }));
    expect(values.every((v) => typeof v.a === "string")).toBe(true);
    const withB = values.filter((v) => "b" in v).length;
    expect(withB > 0 && withB < values.length).toBe(true);
  });

  it("makes a field named __proto__ an own property, not the prototype", () => {
    const value = generateValue(JSON.parse('{ "type": "object", "properties": { "__proto__": { "type": "string" } }, "required": ["__proto__"] }'), { seed: 1 }) as object;
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it("always gives optional fields named like Object.prototype members (zod would read the inherited one)", () => {
    const schema = z.object({ toString: z.string().optional(), valueOf: z.number().optional(), constructor: z.boolean().optional() });
    for (const value of draws(schema, 50)) expect(Object.keys(value).sort()).toEqual(["constructor", "toString", "valueOf"]);
  });

  it("looks like the field's name says", () => {
    const value = generateValue(z.object({ email: z.string(), orderId: z.string(), reason: z.string(), amount: z.number(), quantity: z.number().int() }), { seed: 7 }) as Record<string, unknown>;
    expect(value.email).toMatch(/^[a-z]+\.[a-z]+@example\.com$/);
    expect(value.orderId).toMatch(/^ord_\d{5}$/);
    expect(value.reason).toMatch(/^[A-Z].*\.$/);
    expect(value.amount as number).toBeGreaterThanOrEqual(1);
    expect(value.amount as number).toBeLessThanOrEqual(500);
    expect(value.quantity as number).toBeLessThanOrEqual(10);
  });

  it("resolves $ref and bounds recursive schemas", () => {
    type Node = { name: string; children: Node[] };
    const node: z.ZodType<Node> = z.object({ name: z.string(), get children() {
      return z.array(node);
    } });
    for (const value of draws(node, 30)) expect(node.safeParse(value).success).toBe(true);
  });

  it("reports what it cannot generate as a MockValueError naming the place", () => {
    expect(() => generateValue(z.object({ sku: z.string().regex(/^a$/).min(3) }), { seed: 1 })).toThrow(MockValueError);
    expect(() => generateValue(z.object({ sku: z.string().regex(/^a$/).min(3) }), { seed: 1 })).toThrow(/value\.sku: cannot generate a string matching/);
    expect(() => generateValue({ type: "integer", minimum: 1.2, maximum: 1.8 }, { seed: 1 })).toThrow(/no integer fits the bounds \[1\.2, 1\.8\]/);
    expect(() => generateValue({ type: "string", pattern: "(" }, { seed: 1 })).toThrow(/not a valid regular expression/);
    expect(() => generateValue(z.string().refine((s) => s === "never-generated"), { seed: 1 })).toThrow(/keep failing the schema/);
  });
});
