/** `agentc run --mcp`: agent tools bound to a real MCP server (server-everything over stdio) from the command line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { everythingScript } from "../../runtime/mcp/support.ts";
import { agentc, expectUsageError } from "./run-cli.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const calculator = join(repo, "test", "runtime", "mcp", "fixtures", "calculator.agent");
const temp = mkdtempSync(join(tmpdir(), "agentc-run-mcp-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("agentc run --mcp", () => {
  it("calls the bound MCP tools through the runtime and closes the servers", () => {
    const config = join(temp, "mcp.json");
    writeFileSync(
      config,
      JSON.stringify({
        servers: { everything: { command: process.execPath, args: [everythingScript, "stdio"] } },
        bindings: { add: { server: "everything", tool: "get-sum" }, weather: { server: "everything", tool: "get-structured-content" } },
      }),
    );
    // No model provider is configured for "acme": the tools run, then the ask fails and the agent escalates.
    const r = agentc(["run", calculator, "--mcp", config, "--input", JSON.stringify({ a: 2, b: 3, city: "Chicago" })], { cwd: temp, env: { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('tool add({"a":2,"b":3}) → {"text":"The sum of 2 and 3 is 5."}');
    expect(r.stdout).toMatch(/tool weather\(\{"location":"Chicago"\}\) → \{"temperature":/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^escalated to ops: /);
  });

  it("refuses --mcp with --mock", () => {
    expectUsageError(agentc(["run", calculator, "--mcp", "x.json", "--mock"], { cwd: temp }), /--mcp binds real MCP servers: leave out --mock/);
  });
});
