import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitContracts, emitToolContract, emitToolSchemas } from "../../../../compiler/emit/contracts/index.ts";
import { zodFromRecord } from "../../../../compiler/emit/contracts/zod-from-ir.ts";
import type { RecordTypeIR } from "../../../../compiler/ir/ir.ts";
import { expectBaseline } from "../../../support/baseline.ts";
import { agentFromText, loadAgent } from "./load-agent.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const agents = readdirSync(fixtures).filter((f) => f.endsWith(".agent"));

describe("tool contract goldens", () => {
  for (const file of agents) {
    it(file, () => {
      const ir = loadAgent(join(fixtures, file));
      const base = file.replace(/\.agent$/, "");
      for (const [path, content] of emitContracts(ir)) {
        expect(content.endsWith("\n")).toBe(true);
        expect(content).not.toContain("\r");
        expectBaseline(join(fixtures, `${base}.${path.replace("contracts/", "")}`), content);
      }
    });
  }

  it("is deterministic", () => {
    const ir = loadAgent(join(fixtures, "refunds.agent"));
    expect([...emitContracts(ir)]).toEqual([...emitContracts(loadAgent(join(fixtures, "refunds.agent")))]);
  });
});

describe("contract Markdown", () => {
  const ir = loadAgent(join(fixtures, "refunds.agent"));
  const tool = (name: string) => ir.tools.find((t) => t.name === name)!;

  it("writes the defaults out: calls per session 5, retry none, effects none", () => {
    const md = emitToolContract(ir, tool("ping"));
    expect(md).toContain("| Calls per session | 5 (the default)");
    expect(md).toContain("| Retry | none (the default)");
    expect(md).toContain("| Side effects | none");
    expect(md).toContain("| Cost per call | not declared");
  });

  it("flattens nested records and arrays with dotted paths and marks @pii", () => {
    const md = emitToolContract(ir, tool("getOrder"));
    expect(md).toContain("| `customer.email` | string | no |  | **@pii** |");
    expect(md).toContain("| `orderId` | string | yes | length ≥ 3 |  |");
    expect(md).toContain("| `items[].quantity` | integer | yes | ≥ 1 |");
    expect(md).toContain("| `items` | record[] | yes | ≥ 1 items, ≤ 50 items |");
    expect(md).toContain('| `status` | "delivered" \\| "shipped" \\| "cancelled" |');
    expect(md).toContain("| `tags` | string[][] | no |");
  });

  it("names each failure with the handling in every state that calls the tool", () => {
    const md = emitToolContract(ir, tool("getOrder"));
    expect(md).toMatch(/\| `NotFound` \| declared by the tool \| no \| `lookup`: `on NotFound` → replies “We couldn't find that order.”; `investigate`: `on error \(implicit\)` → escalates to `support`/);
    expect(md).toMatch(/\| `Throttled` \| declared by the tool \| yes \| `lookup`: `on Throttled` → goes to state `investigate`/);
  });

  it("escapes table cells", () => {
    const md = emitToolContract(ir, tool("issueRefund"));
    expect(md).toContain("\n\nRefund | pay back an order.\n\n");
    expect(md).not.toContain("| Refund | pay");
  });
});

describe("JSON Schema", () => {
  const ir = loadAgent(join(fixtures, "refunds.agent"));
  const getOrder = ir.tools.find((t) => t.name === "getOrder")!;
  const schemas = emitToolSchemas(getOrder);

  it("declares draft 2020-12 and puts $schema first", () => {
    const input = JSON.parse(schemas.input);
    expect(Object.keys(input)[0]).toBe("$schema");
    expect(input.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(input.title).toBe("getOrder input");
    expect(input.additionalProperties).toBe(false);
  });

  it("keeps declaration order, hides zod's implicit integer range, keeps declared bounds", () => {
    const output = JSON.parse(schemas.output);
    expect(Object.keys(output.properties)).toEqual(["total", "status", "customer", "items", "tags"]);
    expect(output.properties.customer.properties.tier).toEqual({ type: "integer", minimum: 1, maximum: 3 });
    expect(output.properties.items.items.properties.quantity).toEqual({ type: "integer", minimum: 1 });
    expect(output.properties.customer.properties.name["x-agentc-pii"]).toBe(true);
    expect(output.required).toEqual(["total", "status", "customer", "items"]);
    expect(output.additionalProperties).toBeUndefined();
  });

  it("a tool without input or output gets an empty object schema", () => {
    const ping = emitToolSchemas(ir.tools.find((t) => t.name === "ping")!);
    expect(JSON.parse(ping.input)).toEqual({ $schema: "https://json-schema.org/draft/2020-12/schema", title: "ping input", type: "object", properties: {}, additionalProperties: false });
  });
});

describe("zod from IR agrees with the JSON Schema it emits", () => {
  // No JSON Schema validator is installed (no ajv), so the emitted keywords are checked
  // against zod's verdicts on values on each side of every constraint.
  const record: RecordTypeIR = agentFromText(`agent T "t" {
    input { code: string @minLength(2) @maxLength(4) @pattern("^[A-Z]+$"), n: integer @min(1) @max(3), x?: number, kind: "a" | "b",
            list: { v: boolean }[] @minLength(1) @maxLength(2) }
  }`).input;
  const schema = zodFromRecord(record, "strict");
  const valid = { code: "AB", n: 1, kind: "a", list: [{ v: true }] };

  it("accepts a value inside every bound", () => {
    expect(schema.safeParse(valid).success).toBe(true);
    expect(schema.safeParse({ ...valid, x: 1.5, n: 3, code: "ABCD", list: [{ v: true }, { v: false }] }).success).toBe(true);
  });

  it.each([
    ["minLength", { code: "A" }],
    ["maxLength", { code: "ABCDE" }],
    ["pattern", { code: "ab" }],
    ["minimum", { n: 0 }],
    ["maximum", { n: 4 }],
    ["integer", { n: 1.5 }],
    ["enum", { kind: "c" }],
    ["minItems", { list: [] }],
    ["maxItems", { list: [{ v: true }, { v: true }, { v: true }] }],
    ["nested type", { list: [{ v: "yes" }] }],
    ["additionalProperties", { extra: 1 }],
    ["nested additionalProperties", { list: [{ v: true, w: 1 }] }],
  ])("rejects a value breaking %s", (_, change) => {
    expect(schema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it("rejects a missing required field and accepts a missing optional one", () => {
    const { n: _, ...withoutN } = valid;
    expect(schema.safeParse(withoutN).success).toBe(false);
    expect(schema.safeParse({ ...valid, x: undefined }).success).toBe(true);
  });

  it("the strip mode (tool outputs) accepts and drops unknown keys", () => {
    const loose = zodFromRecord(record, "strip");
    const parsed = loose.safeParse({ ...valid, extra: 1 });
    expect(parsed.success && !("extra" in (parsed.data as object))).toBe(true);
  });
});
