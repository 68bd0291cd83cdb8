import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeCostBound } from "../../../../compiler/analysis/index.ts";
import { emitRunbook } from "../../../../compiler/emit/runbook/index.ts";
import { expectBaseline } from "../../../support/baseline.ts";
import { loadAgent } from "../contracts/load-agent.ts";

const fixtures = join(import.meta.dirname, "fixtures");
const agents = readdirSync(fixtures).filter((f) => f.endsWith(".agent"));
const runbook = (file: string) => {
  const ir = loadAgent(join(fixtures, file));
  return emitRunbook(ir, computeCostBound(ir));
};

describe("runbook goldens", () => {
  for (const file of agents) {
    it(file, () => {
      const text = runbook(file);
      expect(text.endsWith("\n")).toBe(true);
      expect(text).not.toContain("\r");
      expectBaseline(join(fixtures, file.replace(/\.agent$/, ".runbook.md")), text);
    });
  }
});

describe("runbook content", () => {
  const text = runbook("incident.agent");

  it("names only commands that exist or that open issues name", () => {
    const known = ["sessions", "show", "replay", "export", "resume", "respond", "flags", "build"];
    const used = [...text.matchAll(/agentc ([a-z-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(10);
    for (const command of used) expect(known).toContain(command);
    expect(text).toContain("agentc sessions prune --older-than 30d");
  });

  it("gives the kill switch of every tool, the workflow and forced escalation, each with its way back", () => {
    for (const tool of ["searchLogs", "recentDeploys", "rollback"]) {
      expect(text).toContain(`agentc flags set tool.${tool}.disabled true`);
      expect(text).toContain(`agentc flags unset tool.${tool}.disabled`);
    }
    expect(text).toContain("agentc flags set agent.IncidentTriage.disabled true");
    expect(text).toContain("agentc flags set agent.IncidentTriage.forceEscalate true");
    expect(text).toContain("agentc flags unset agent.IncidentTriage.forceEscalate");
  });

  it("says what the agent does at each calling state when a tool is disabled", () => {
    expect(text).toContain("| `roll` | call | `on error (implicit)` → escalates to `oncall` (“tool rollback failed”) |");
    expect(text).toContain("| `investigate` | tool loop | `on error (implicit)` → escalates to `oncall` (“tool loop diagnose failed”) |");
  });

  it("has a playbook for every alert metric, with the declared thresholds", () => {
    for (const heading of ["`stepsPerCompletion` > 9", "`escalationRate` > 25%", "`toolFailureRate` > 5%", "`p95Latency` > 2m", "`tokensPerDay` > 2,000,000", "`costPerDay` > 40.00 usd"]) {
      expect(text).toContain(`### ${heading}`);
    }
  });

  it("lists @pii paths of the input and of results, which an export masks", () => {
    expect(text).toContain("Masked on export (`@pii`): `input.reporterEmail` and `approval.comment`.");
  });

  it("marks the default escalation target", () => {
    expect(text).toContain("| `oncall` (default) |");
  });

  it("an agent without tools or alerts still gets every section", () => {
    const minimal = runbook("minimal.agent");
    for (const heading of ["## What it does", "## Replay a session", "## Kill switches", "## Alerts", "## Escalation targets", "## Budgets and the static worst case", "## Retention"]) {
      expect(minimal).toContain(heading);
    }
    expect(minimal).toContain("This agent has no tools.");
  });
});
