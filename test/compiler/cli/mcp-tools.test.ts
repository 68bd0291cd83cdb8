/** `--mcp <config.json>` for `agentc run`: the file read, its tools bound to server-everything, every failure a UsageError. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../compiler/cli/errors.ts";
import { loadMcpTools } from "../../../compiler/cli/mcp-tools.ts";
import { everythingScript, fixtureAgent } from "../../runtime/mcp/support.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-mcp-cli-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function configFile(name: string, content: unknown): string {
  const path = join(temp, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const servers = { everything: { command: process.execPath, args: [everythingScript, "stdio"] } };

describe("loadMcpTools (agentc run --mcp)", () => {
  it("binds the tools the file names", async () => {
    const calculator = await fixtureAgent("calculator");
    const mcp = await loadMcpTools(configFile("ok.json", { servers, bindings: { add: { server: "everything", tool: "get-sum" } } }), calculator);
    try {
      const ctx = { signal: new AbortController().signal, idempotencyKey: undefined, attempt: 1, traceContext: undefined };
      expect(await mcp.tools.add!({ a: 1, b: 2 }, ctx)).toEqual({ text: "The sum of 1 and 2 is 3." });
    } finally {
      await mcp.close();
    }
  });

  it("turns every failure into one UsageError", async () => {
    const calculator = await fixtureAgent("calculator");
    const failure = (path: string) => loadMcpTools(path, calculator).catch((e: unknown) => e);
    const missing = await failure(join(temp, "absent.json"));
    expect(missing).toBeInstanceOf(UsageError);
    expect((missing as Error).message).toBe(`cannot read --mcp ${join(temp, "absent.json")}: no such file or directory`);
    expect((await failure(configFile("bad.json", "{ nope"))) as Error).toMatchObject({ name: "UsageError", message: expect.stringMatching(/is not valid JSON: /) });
    expect((await failure(configFile("shape.json", { servers }))) as Error).toMatchObject({ name: "UsageError", message: expect.stringMatching(/: invalid MCP tools config at bindings: /) });
    const contract = await failure(configFile("contract.json", { servers, bindings: { add: { server: "everything", tool: "echo" } } }));
    expect(contract).toMatchObject({ name: "UsageError", message: expect.stringContaining('tool add ↔ everything/echo: input field "message" is required on the server but not declared in the agent') });
  });
});
