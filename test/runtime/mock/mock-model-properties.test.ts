/** The mock model over random agents: structured answers and tool arguments always pass the agent's zod schemas. */
import { generateText, Output, stepCountIs, tool, type ToolSet } from "ai";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { randomModule, typedMockProvider as mockModelProvider } from "./support.ts";

/**
 * The AI SDK parses model JSON with secure-json-parse, which rejects any `__proto__` key: a
 * schema with a field of that name cannot be answered through the SDK at all (a limit of the
 * intelligence layer, not of the mock), so those schemas are left out here.
 */
const answerable = (schema: z.ZodType): boolean => !JSON.stringify(z.toJSONSchema(schema)).includes('"__proto__"');

describe("mockModelProvider over random agents", () => {
  it("answers every result schema validly through Output.object, calling the agent's tools with valid arguments", async () => {
    let toolCalls = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 0x7fffffff }), fc.integer({ min: 1, max: 8 }), fc.nat(), async (agentSeed, states, seed) => {
        const module = await randomModule(agentSeed, states);
        const bad: string[] = [];
        const tools: ToolSet = {};
        for (const [name, schemas] of Object.entries(module.schemas.tools)) {
          if (!answerable(schemas.input)) continue;
          tools[name] = tool({
            description: name,
            inputSchema: schemas.input,
            execute: async (args: unknown) => {
              toolCalls++;
              if (!schemas.input.safeParse(args).success) bad.push(`${name}: ${JSON.stringify(args)}`);
              return "ok";
            },
          });
        }
        const model = mockModelProvider({ seed, toolCallRate: 0.7 }).languageModel("m");
        for (const [name, schema] of Object.entries(module.schemas.results)) {
          if (!answerable(schema)) continue;
          const result = await generateText({ model, prompt: name, tools, output: Output.object({ schema }), stopWhen: stepCountIs(8) });
          expect(schema.safeParse(result.output).success, `${name}: ${JSON.stringify(result.output)}`).toBe(true);
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 40 },
    );
    expect(toolCalls).toBeGreaterThan(10);
  }, 120_000);
});
