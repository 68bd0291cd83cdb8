import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffRenderings, PromptsDiffError, readAtHead, renderPrompts } from "../../compiler/prompts-diff.ts";

const agent = (instruction: string, version: number): string => `agent Triage "t" {
  input { message: string, customer: { tier: "gold" | "basic" } }
  prompt classify v${version} """
    ${instruction}
    Customer tier: {{ input.customer.tier }}
    Message: {{ input.message }}
    Previous answer: {{ earlier.answer }}
  """
  example "refund" { message: "I want my money back", customer: { tier: "gold" } }
  example "login" { message: "Cannot log in", customer: { tier: "basic" } }
}
`;

describe("prompts diff", () => {
  it("renders each prompt for each example; unfilled placeholders stay visible", () => {
    const rendered = renderPrompts("t.agent", agent("Classify the message.", 1));
    expect(rendered.map((r) => r.example)).toEqual(["refund", "login"]);
    expect(rendered[0]!.text).toBe("Classify the message.\nCustomer tier: gold\nMessage: I want my money back\nPrevious answer: {{ earlier.answer }}");
  });

  it("shows a changed prompt as a unified diff per example, and nothing when unchanged", () => {
    const before = renderPrompts("t.agent", agent("Classify the message.", 1));
    const after = renderPrompts("t.agent", agent("Classify the message into billing or technical.", 2));
    const diff = diffRenderings("t.agent", before, after);
    expect(diff).toContain('--- HEAD: classify v1 for example "refund"');
    expect(diff).toContain('+++ working tree: classify v2 for example "refund"');
    expect(diff).toContain("-Classify the message.");
    expect(diff).toContain("+Classify the message into billing or technical.");
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diffRenderings("t.agent", before, before)).toBe("");
  });

  it("reads the committed text from git HEAD, and refuses outside git with one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "agentc-prompts-"));
    const file = join(dir, "t.agent");
    writeFileSync(file, agent("Old.", 1));
    expect(() => readAtHead(file)).toThrow(PromptsDiffError);
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "ignore" });
    git("init", "-q");
    expect(readAtHead(file)).toBeUndefined(); // not committed yet
    git("add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "x");
    writeFileSync(file, agent("New.", 2));
    expect(readAtHead(file)).toBe(agent("Old.", 1));
  });

  it("a file with syntax errors is refused with its first error's location", () => {
    expect(() => renderPrompts("t.agent", "agent T { prompt p v1 }")).toThrow(/t\.agent:1:23/);
  });
});
