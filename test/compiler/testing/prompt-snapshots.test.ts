/** Prompt snapshots: written for each example input, a changed prompt fails with a readable unified diff, --update-snapshots rewrites, CI refuses a missing one; the committed snapshots of agents/ are current. */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadAgents } from "../../../compiler/load-agent.ts";
import { checkSnapshot, renderForExample, snapshotPath } from "../../../compiler/testing/prompt-snapshots.ts";
import { agentc } from "../cli/run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const temp = mkdtempSync(join(tmpdir(), "agentc-snapshots-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function workspace(name: string): string {
  const dir = join(temp, name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(repo, "agents", "refund.agent"), join(dir, "refund.agent"));
  cpSync(join(repo, "agents", "shared"), join(dir, "shared"), { recursive: true });
  writeFileSync(join(dir, "package.json"), "{}");
  return dir;
}

const noCi = { CI: undefined };

describe("prompt snapshots", () => {
  it("fills input placeholders from the example and keeps result placeholders verbatim", () => {
    const prompt = { name: "p", version: 1, text: "", hash: "", states: [], parts: [{ kind: "text", text: "Hi " }, { kind: "placeholder", root: "input", fields: ["who"] }, { kind: "text", text: ", total " }, { kind: "placeholder", root: "order", fields: ["total"] }, { kind: "text", text: " n=" }, { kind: "placeholder", root: "input", fields: ["n"] }] } as never;
    expect(renderForExample(prompt, { who: "Ada", n: 3 })).toBe("Hi Ada, total {{ order.total }} n=3");
  });

  it("the committed snapshots of agents/ match the agents", async () => {
    for (const name of ["refund", "incident-triage", "customer-support-triage", "research-publish"]) {
      const file = join(repo, "agents", `${name}.agent`);
      const loaded = await loadAgents([file], { root: repo });
      const result = checkSnapshot(file, loaded.agents.map((a) => a.ir), { update: false, ci: true });
      expect(result.status, `${name}: ${result.diff}`).toBe("same");
      expect(result.renderings).toBeGreaterThan(0);
    }
  });

  it("writes a missing snapshot, fails with a unified diff when a prompt changes, and --update-snapshots rewrites it", () => {
    const dir = workspace("changed");
    const first = agentc(["test", "refund.agent", "--runs", "20", "--seed", "3"], { cwd: dir, env: noCi });
    expect(first.stdout).toMatch(/• prompt snapshot __snapshots__\/refund\.prompts\.md: 2 rendering\(s\) written/);
    const snapshot = snapshotPath(join(dir, "refund.agent"));
    expect(readFileSync(snapshot, "utf8")).toMatch(/## judge v\d+ · example "broken item"\n\n```text\nYou review refund requests/);
    const again = agentc(["test", "refund.agent", "--runs", "20", "--seed", "3"], { cwd: dir, env: noCi });
    expect(again.stdout).toMatch(/✓ prompt snapshot __snapshots__\/refund\.prompts\.md: 2 rendering\(s\) unchanged/);
    expect(again.status).toBe(0);

    const source = readFileSync(join(dir, "refund.agent"), "utf8");
    writeFileSync(join(dir, "refund.agent"), source.replace("Never exceed the order total.", "Never exceed half the order total."));
    const changed = agentc(["test", "refund.agent", "--runs", "20", "--seed", "3"], { cwd: dir, env: noCi });
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/✗ prompt snapshot __snapshots__\/refund\.prompts\.md differs/);
    expect(changed.stdout).toMatch(/^-Decide whether a refund is eligible and how much\. Never exceed the order total\.$/m);
    expect(changed.stdout).toMatch(/^\+Decide whether a refund is eligible and how much\. Never exceed half the order total\.$/m);
    expect(changed.stdout).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);

    const updated = agentc(["test", "refund.agent", "--runs", "20", "--seed", "3", "--update-snapshots"], { cwd: dir, env: noCi });
    expect(updated.stdout).toMatch(/• prompt snapshot __snapshots__\/refund\.prompts\.md: 2 rendering\(s\) updated/);
    expect(readFileSync(snapshot, "utf8")).toMatch(/Never exceed half the order total\./);
    expect(updated.status).toBe(0);
  }, 60_000);

  it("in CI a missing snapshot fails and is not written", () => {
    const dir = workspace("ci");
    const result = agentc(["test", "refund.agent", "--runs", "20", "--seed", "3"], { cwd: dir, env: { CI: "true" } });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/✗ prompt snapshot __snapshots__\/refund\.prompts\.md is missing \(CI\)/);
    expect(existsSync(snapshotPath(join(dir, "refund.agent")))).toBe(false);
  }, 60_000);
});
