/** docs/runtime.md "Mock layer" stays true: its imports exist, its script example is valid, its --fail table parses as it says. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as runtime from "../../../runtime/index.ts";
import { parseFailSpec, parseModelScript, type ToolFailureMode } from "../../../runtime/mock/index.ts";
import { repoRoot } from "../../compiler/emit/machine/support.ts";
import { exampleModule } from "./support.ts";

const doc = readFileSync(join(repoRoot, "docs", "runtime.md"), "utf8");
const section = doc.slice(doc.indexOf("## Mock layer"));
const blocks = (lang: string) => [...section.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]!);

describe("docs/runtime.md, Mock layer", () => {
  it("imports only what agentc/runtime exports", () => {
    const imported = [...blocks("ts").join("\n").matchAll(/import \{([^}]*)\} from "agentc\/runtime"/g)].flatMap((m) => m[1]!.split(",").map((s) => s.trim()));
    expect(imported.length).toBeGreaterThan(3);
    for (const name of imported) expect(runtime, name).toHaveProperty(name);
  });

  it("the script example is valid for incident-triage: tools exist, arguments and answers pass their schemas", async () => {
    const module = await exampleModule("incident-triage");
    const [json] = blocks("json");
    const script = parseModelScript(json!, module.metadata.prompts);
    const results: Record<string, string> = { diagnose: "finding", summarise: "note" };
    for (const [prompt, entries] of script.byPrompt) {
      for (const entry of entries) {
        if (entry.kind === "tool") {
          expect(Object.keys(module.schemas.tools)).toContain(entry.tool);
          if (entry.args !== undefined) expect(module.schemas.tools[entry.tool]!.input.safeParse(entry.args).success).toBe(true);
        }
        if (entry.kind === "answer") expect(module.schemas.results[results[prompt]!]!.safeParse(entry.value).success, prompt).toBe(true);
      }
    }
  });

  it("every spec of the --fail table is there and parses to what the table says", async () => {
    const tools = (await exampleModule("refund")).metadata.tools;
    // [as the table writes it, as parsed, the mode]
    const documented: [string, string, ToolFailureMode][] = [
      ["issueRefund=0.5", "issueRefund=0.5", { errorRate: 0.5 }],
      ["issueRefund=50%", "issueRefund=50%", { errorRate: 0.5 }],
      ["issueRefund=Declined", "issueRefund=Declined", { error: "Declined" }],
      ["issueRefund=Declined:0.3", "issueRefund=Declined:0.3", { error: "Declined", errorRate: 0.3 }],
      ["issueRefund=failure", "issueRefund=failure", { error: "failure" }],
      ["getOrder=timeout", "getOrder=timeout", { timeout: true }],
      ["getOrder=timeout:0.2", "getOrder=timeout:0.2", { timeout: 0.2 }],
      ["getOrder=latency:200ms", "getOrder=latency:200ms", { latencyMs: 200 }],
      ["latency:1.5s", "getOrder=latency:1.5s", { latencyMs: 1500 }],
      ["latency:100..400ms", "getOrder=latency:100..400ms", { latencyMs: [100, 400] }],
      ["getOrder=latency:200ms,0.1", "getOrder=latency:200ms,0.1", { latencyMs: 200, errorRate: 0.1 }],
    ];
    const table = section.slice(section.indexOf("| spec | means |"));
    for (const [shown, text, mode] of documented) {
      expect(table).toContain(`\`${shown}\``);
      expect(parseFailSpec(text, tools).mode).toEqual(mode);
    }
  });
});
