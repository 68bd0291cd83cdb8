/** How `agentc test` prints its results: a human summary, one JSON document, or JUnit XML for CI. */
import type { PropertyResult } from "../../runtime/testing/suite.ts";
import { PROPERTY_DESCRIPTIONS } from "../../runtime/testing/properties.ts";
import { formatFigure, type Coverage } from "./coverage.ts";
import type { DslTestResult } from "./dsl-tests.ts";

export interface AgentReport {
  readonly agent: string;
  readonly file: string;
  readonly properties: readonly PropertyResult[];
  readonly coverage: Coverage;
  /** Coverage below 100% fails the agent. */
  readonly coverageFailed: boolean;
  /** Where each failing property's counterexample was written. */
  readonly replayFiles: ReadonlyMap<string, string>;
  readonly seconds: number;
  /** The model-based cases from @xstate/graph's simple paths (graph-cases.ts). */
  readonly graph?: { readonly paths: number; readonly cases: number; readonly followed: number; readonly coverage: Coverage };
  /** The agent's `test` blocks, each run as one session (absent: none run). */
  readonly tests?: readonly DslTestResult[];
}

export interface TestReport {
  readonly seed: number;
  readonly runs: number;
  readonly agents: readonly AgentReport[];
}

export function reportPassed(report: TestReport): boolean {
  return report.agents.every((a) => !a.coverageFailed && a.properties.every((p) => p.passed) && (a.tests ?? []).every((t) => t.passed));
}

/** The human report's lines for an agent's `test` blocks. */
function humanTestLines(tests: readonly DslTestResult[]): string[] {
  const lines: string[] = [];
  for (const t of tests) {
    lines.push(`  ${t.passed ? "✓" : "✗"} test "${t.test}"`);
    if (!t.passed) for (const line of t.message.split("\n")) lines.push(`      ${line}`);
  }
  return lines;
}

export function renderHumanReport(report: TestReport): string {
  const lines: string[] = [];
  for (const agent of report.agents) {
    const cases = agent.properties[0]?.cases ?? 0;
    lines.push(`${agent.agent} (${agent.file}): ${cases} cases in ${agent.seconds.toFixed(1)}s`);
    for (const p of agent.properties) {
      lines.push(`  ${p.passed ? "✓" : "✗"} ${p.property.padEnd(22)} ${String(p.cases).padStart(6)} cases  ${PROPERTY_DESCRIPTIONS[p.property]}`);
      if (p.counterexample !== null) {
        lines.push(`      ${p.counterexample.message}`);
        lines.push("      shrunk counterexample:");
        for (const line of p.counterexample.timeline) lines.push(`        ${line}`);
        const file = agent.replayFiles.get(p.property);
        if (file !== undefined) lines.push(`      replay: agentc test ${agent.file} --replay ${file}`, `      session replay: agentc replay ${file.replace(/\.json$/, ".replay.json")}`);
      }
    }
    lines.push(...humanTestLines(agent.tests ?? []));
    const c = agent.coverage;
    lines.push(`  coverage: ${formatFigure("states", c.states)}, ${formatFigure("transitions", c.transitions)}, ${formatFigure("tools", c.tools)}`);
    if (agent.graph !== undefined) lines.push(`  graph: ${agent.graph.paths} simple paths (@xstate/graph), ${agent.graph.cases} run as sessions, ${agent.graph.followed} followed exactly; coverage from them: ${formatFigure("states", agent.graph.coverage.states)}, ${formatFigure("transitions", agent.graph.coverage.transitions)}, ${formatFigure("tools", agent.graph.coverage.tools)}`);
    const missing = [...c.states.missing.map((s) => `state ${s}`), ...c.transitions.missing, ...c.tools.missing.map((t) => `tool ${t}`)];
    if (missing.length > 0) lines.push(`    not reached${agent.coverageFailed ? "" : " (not required)"}: ${missing.join("; ")}`);
  }
  const failed = report.agents.flatMap((a) => a.properties.filter((p) => !p.passed)).length;
  const uncovered = report.agents.filter((a) => a.coverageFailed).length;
  const tests = report.agents.flatMap((a) => a.tests ?? []);
  const failedTests = tests.filter((t) => !t.passed).length;
  const testsNote = tests.length === 0 ? "" : failedTests === 0 ? `, ${tests.length} test(s) pass` : `, ${failedTests} of ${tests.length} test(s) failed`;
  lines.push(
    failed === 0 && uncovered === 0
      ? `all properties hold for ${report.agents.length} agent(s)${testsNote} (seed ${report.seed}, ${report.runs} runs)`
      : `${failed} propert${failed === 1 ? "y" : "ies"} failed, ${uncovered} agent(s) below full coverage${testsNote} (seed ${report.seed}; rerun with --seed ${report.seed})`,
  );
  return lines.join("\n");
}

export function renderJsonReport(report: TestReport): string {
  return JSON.stringify({
    seed: report.seed,
    runs: report.runs,
    passed: reportPassed(report),
    properties: report.agents.flatMap((a) =>
      a.properties.map((p) => ({
        property: p.property,
        agent: p.agent,
        cases: p.cases,
        passed: p.passed,
        counterexample: p.counterexample === null ? null : { message: p.counterexample.message, case: p.counterexample.case, timeline: p.counterexample.timeline, replay: a.replayFiles.get(p.property) ?? null },
      })),
    ),
    coverage: report.agents.map((a) => ({ agent: a.agent, file: a.file, ...a.coverage, ...(a.graph !== undefined ? { graph: a.graph } : {}), passed: !a.coverageFailed })),
    tests: report.agents.flatMap((a) => (a.tests ?? []).map((t) => ({ test: t.test, agent: t.agent, passed: t.passed, message: t.passed ? null : t.message, path: t.path }))),
  });
}

export function renderJunitReport(report: TestReport): string {
  const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  const suites: string[] = [];
  for (const a of report.agents) {
    const cases: string[] = [];
    for (const p of a.properties) {
      const body = p.counterexample === null ? "" : `<failure message="${xml(p.counterexample.message)}">${xml(p.counterexample.timeline.join("\n"))}</failure>`;
      cases.push(`    <testcase classname="${xml(a.agent)}" name="${xml(p.property)}">${body}</testcase>`);
    }
    const c = a.coverage;
    const coverageBody = a.coverageFailed
      ? `<failure message="coverage below 100%">${xml([...c.states.missing, ...c.transitions.missing, ...c.tools.missing].join("\n"))}</failure>`
      : "";
    cases.push(`    <testcase classname="${xml(a.agent)}" name="coverage">${coverageBody}</testcase>`);
    const tests = a.tests ?? [];
    for (const t of tests) {
      const body = t.passed ? "" : `<failure message="${xml(t.message.split("\n")[0] ?? "")}">${xml(t.message)}</failure>`;
      cases.push(`    <testcase classname="${xml(a.agent)}" name="${xml(`test: ${t.test}`)}">${body}</testcase>`);
    }
    const failures = a.properties.filter((p) => !p.passed).length + (a.coverageFailed ? 1 : 0) + tests.filter((t) => !t.passed).length;
    suites.push(`  <testsuite name="${xml(a.agent)}" tests="${a.properties.length + 1 + tests.length}" failures="${failures}" time="${a.seconds.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="agentc test">\n${suites.join("\n")}\n</testsuites>`;
}
