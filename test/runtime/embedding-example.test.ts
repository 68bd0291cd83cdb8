/**
 * docs/runtime.md's embedding example, run as written: the block is saved next to the refund
 * agent's generated machine module and executed by Node with the model served by a fake
 * OpenAI server on 127.0.0.1. Only the `agentc/runtime` specifier is pointed at this checkout.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkFiles } from "../../compiler/check.ts";
import { emitMachine } from "../../compiler/emit/machine/emit-machine.ts";
import { lowerAgent } from "../../compiler/ir/lower.ts";
import { startFakeLlmServer, type FakeLlmServer } from "../support/fake-llm-server.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
let server: FakeLlmServer;
beforeAll(async () => (server = await startFakeLlmServer()));
afterAll(() => server.close());

function exampleBlock(): string {
  const doc = readFileSync(join(repoRoot, "docs", "runtime.md"), "utf8");
  const marker = doc.indexOf("<!-- embedding-example");
  expect(marker).toBeGreaterThan(0);
  const match = /```ts\n([\s\S]*?)```/.exec(doc.slice(marker));
  return match![1]!;
}

describe("docs/runtime.md embedding example", () => {
  it("runs as written and replies", async () => {
    const dir = mkdtempSync(join(repoRoot, ".tmp-machine-embed-"));
    try {
      const runtimeEntry = (from: string) => relative(from, join(repoRoot, "runtime", "index.ts")).split("\\").join("/");
      const checked = checkFiles([join(repoRoot, "agents", "refund.agent")], { root: repoRoot });
      const machineDir = join(dir, "agents", "refund-agent");
      mkdirSync(machineDir, { recursive: true });
      writeFileSync(join(machineDir, "machine.ts"), emitMachine(lowerAgent(checked.agents[0]!)).replace(`from "agentc/runtime"`, `from "./${runtimeEntry(machineDir)}"`));
      writeFileSync(join(dir, "main.ts"), exampleBlock().replace(`from "agentc/runtime"`, `from "./${runtimeEntry(dir)}"`));
      server.enqueueFor("gpt-4.1-mini", { kind: "answer", value: { eligible: true, amount: 60, reason: "arrived broken" } });
      // Asynchronously: the fake server answers from this process.
      const result = await promisify(execFile)(process.execPath, [join(dir, "main.ts")], {
        cwd: dir,
        encoding: "utf8",
        timeout: 30_000,
        env: { ...process.env, OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: "sk-test-not-a-real-key-000000", ANTHROPIC_BASE_URL: server.baseURL, ANTHROPIC_API_KEY: "test" },
      });
      expect(result.stderr).toBe("");
      expect(result.stdout).toBe("replied: Refund re_o12345_60 of 60 is on its way.\n");
      expect(server.requests.map((r) => `${r.api} ${r.model}`)).toEqual(["responses gpt-4.1-mini"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
