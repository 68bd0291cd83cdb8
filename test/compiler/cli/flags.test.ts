/** `agentc flags` edits the file the runtime's `fileFlagsSource` reads; both agree on every state of it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileFlagsSource, FlagsUnavailableError } from "../../../runtime/orchestration/flags.ts";
import { agentc, expectUsageError } from "./run-cli.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-flags-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe("agentc flags", () => {
  it("sets, lists and unsets kill switches in .agentc/flags.json, which the runtime reads", async () => {
    const cwd = mkdtempSync(join(temp, "w-"));
    expect(agentc(["flags", "list"], { cwd }).stdout).toBe(`no flags set (${join(cwd, ".agentc/flags.json")})\n`);
    expect(agentc(["flags", "set", "tool.issueRefund.disabled"], { cwd }).status).toBe(0);
    expect(agentc(["flags", "set", "agent.RefundAgent.forceEscalate", "true"], { cwd }).status).toBe(0);
    expect(agentc(["flags", "list"], { cwd }).stdout).toBe("agent.RefundAgent.forceEscalate = true\ntool.issueRefund.disabled = true\n");
    expect(await fileFlagsSource(join(cwd, ".agentc/flags.json")).read()).toEqual({ "agent.RefundAgent.forceEscalate": true, "tool.issueRefund.disabled": true });
    expect(agentc(["flags", "unset", "tool.issueRefund.disabled"], { cwd }).status).toBe(0);
    expect(agentc(["flags", "set", "agent.RefundAgent.forceEscalate", "false"], { cwd }).status).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, ".agentc/flags.json"), "utf8"))).toEqual({});
  });

  it("honours --flags and AGENTC_FLAGS", () => {
    const file = join(temp, "elsewhere.json");
    expect(agentc(["flags", "set", "agent.A.disabled"], { cwd: temp, env: { AGENTC_FLAGS: file } }).status).toBe(0);
    expect(agentc(["flags", "--flags", file, "list"], { cwd: temp }).stdout).toBe("agent.A.disabled = true\n");
  });

  it("refuses unknown flag names and values, and an unreadable file, in one line", () => {
    const cwd = mkdtempSync(join(temp, "w-"));
    expectUsageError(agentc(["flags", "set", "tool.x.enabled"], { cwd }), /unknown flag "tool\.x\.enabled"/);
    expectUsageError(agentc(["flags", "set", "tool.x.disabled", "maybe"], { cwd }), /true or false/);
    const file = join(cwd, "broken.json");
    writeFileSync(file, "[1, 2]");
    expectUsageError(agentc(["flags", "--flags", file, "list"], { cwd }), /must hold a JSON object.*fails closed/);
  });

  it("the runtime's file source: no file is no flags; a broken file is an error (fail closed)", async () => {
    expect(await fileFlagsSource(join(temp, "missing.json")).read()).toEqual({});
    const file = join(temp, "bad.json");
    writeFileSync(file, "{ not json");
    await expect(Promise.resolve(fileFlagsSource(file).read())).rejects.toBeInstanceOf(FlagsUnavailableError);
  });
});
