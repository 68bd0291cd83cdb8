import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { agentc, expectUsageError } from "./run-cli.ts";

const page = fileURLToPath(new URL("../../../docs/diagnostics/AGC2003.md", import.meta.url));

describe("agentc explain", () => {
  it("prints the page of a code, in any case", () => {
    const r = agentc(["explain", "AGC2003"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    if (existsSync(page)) expect(r.stdout.trimEnd()).toBe(readFileSync(page, "utf8").trimEnd());
    expect(r.stdout).toMatch(/AGC2003/);
    expect(agentc(["explain", "agc2003"]).stdout).toBe(r.stdout);
  });

  it("exits 2 with one line for an unknown code", () => {
    expectUsageError(agentc(["explain", "AGC9999"]), /^error: unknown diagnostic code "AGC9999"/);
    expectUsageError(agentc(["explain", "__proto__"]), /unknown diagnostic code/);
  });

  it("exits 2 without a code", () => {
    expect(agentc(["explain"]).status).toBe(2);
  });
});
