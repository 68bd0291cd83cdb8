/** `agents/<name>.html`: one agent's facts, flowchart, states, tool contracts and runbook. */
import { group, usd } from "../../analysis/format-cost.ts";
import type { AgentIR, StateIR } from "../../ir/ir.ts";
import { escapeHtml, page } from "./html.ts";
import { worstCaseSummary } from "./index-page.ts";
import type { DocsAgent } from "./index.ts";
import { markdownToHtml } from "./markdown-html.ts";

export function agentPage(agent: DocsAgent): string {
  const ir = agent.ir;
  const linkTarget = (href: string): string | undefined => {
    const file = href.split("#")[0] ?? "";
    if (file === "runbook.md" || file === "../runbook.md") return "#runbook";
    if (file === "flowchart.mmd" || file === "../flowchart.mmd") return "#flowchart";
    const contract = /^(?:\.\.\/)?(?:contracts\/)?([A-Za-z_][A-Za-z0-9_]*)\.md$/.exec(file);
    if (contract !== null && ir.tools.some((t) => t.name === contract[1])) return `#tool-${contract[1]}`;
    return undefined;
  };
  const body = [
    '<header class="top"><a href="../index.html">Agents</a></header>',
    "<main>",
    `  <h1>${escapeHtml(ir.name)} <span class="version">v${ir.version}</span></h1>`,
    ir.description === "" ? "" : `  <p class="description">${escapeHtml(ir.description)}</p>`,
    '  <nav class="toc"><a href="#summary">Summary</a><a href="#flowchart">Flowchart</a><a href="#states">States</a><a href="#tools">Tool contracts</a><a href="#runbook">Runbook</a></nav>',
    summary(agent),
    flowchart(agent.flowchart),
    states(ir),
    tools(agent, linkTarget),
    runbook(agent.runbook, linkTarget),
    "</main>",
  ]
    .filter((part) => part !== "")
    .join("\n");
  return page({ title: `${ir.name} v${ir.version}`, root: "../", body, mermaid: true });
}

function summary(agent: DocsAgent): string {
  const ir = agent.ir;
  const model = [ir.model.primary === "" ? "none declared" : code(ir.model.primary)];
  if (ir.model.fallback !== undefined) model.push(`fallback ${code(ir.model.fallback)}`);
  if (ir.model.maxTokens !== undefined) model.push(`max ${group(ir.model.maxTokens)} tokens per call`);
  const b = ir.budget;
  const budget = [
    b.tokens === undefined ? undefined : `${group(b.tokens)} tokens`,
    b.costUsd === undefined ? undefined : escapeHtml(usd(b.costUsd)),
    b.steps === undefined ? undefined : `${b.steps} steps`,
    b.timeMs === undefined ? undefined : duration(b.timeMs),
  ].filter((x) => x !== undefined);
  const escalations = ir.escalations.map(
    (e) => `${code(e.name)}${e.name === ir.defaultEscalation ? " (default)" : ""}${e.description === "" ? "" : `: ${escapeHtml(e.description)}`}`,
  );
  const facts: [string, string][] = [
    ["Source", code(`${ir.source.file}:${ir.source.line}`)],
    ["Model", model.join(", ")],
    ["Budget per session", budget.length === 0 ? "none declared" : budget.join(", ")],
    ["Worst case per session", escapeHtml(worstCaseSummary(agent.cost))],
    ["Escalation targets", escalations.length === 0 ? "none" : escalations.join("<br>")],
  ];
  return [
    '  <section id="summary">',
    "    <h2>Summary</h2>",
    '    <dl class="facts">',
    ...facts.map(([term, value]) => `      <dt>${term}</dt><dd>${value}</dd>`),
    "    </dl>",
    "  </section>",
  ].join("\n");
}

function flowchart(source: string): string {
  return [
    '  <section id="flowchart">',
    "    <h2>Decision flowchart</h2>",
    '    <p class="legend"><span><i class="swatch step"></i>step</span><span><i class="swatch human"></i>waits for a person</span><span><i class="swatch reply"></i>reply</span><span><i class="swatch escalation"></i>escalation</span><span>dashed: failures and limits</span><span>dotted grey: declared unreachable</span></p>',
    '    <div class="flowchart">',
    `<pre class="mermaid">${escapeHtml(source)}</pre>`,
    "    </div>",
    "    <details>",
    "      <summary>Mermaid source (<code>flowchart.mmd</code>)</summary>",
    `<pre><code>${escapeHtml(source)}</code></pre>`,
    "    </details>",
    "  </section>",
  ].join("\n");
}

function states(ir: AgentIR): string {
  const rows = ir.states.map(
    (s) =>
      `      <tr><td><code>${escapeHtml(s.name)}</code>${s.name === ir.start ? " (start)" : ""}</td><td>${escapeHtml(s.description)}</td><td>${action(s)}</td><td>${s.visitLimit ?? ""}</td></tr>`,
  );
  return [
    '  <section id="states">',
    "    <h2>States</h2>",
    "    <table>",
    "      <thead><tr><th>State</th><th>Description</th><th>Does</th><th>Visits at most</th></tr></thead>",
    "      <tbody>",
    ...rows,
    "      </tbody>",
    "    </table>",
    "  </section>",
  ].join("\n");
}

function action(state: StateIR): string {
  const a = state.action;
  switch (a.kind) {
    case "ask":
      return `asks the model (prompt ${code(a.prompt)})`;
    case "call":
      return `calls tool ${code(a.tool)}`;
    case "loop":
      return `uses tools ${a.tools.map(code).join(", ")} (prompt ${code(a.prompt)}, at most ${a.maxTurns} turns)`;
    case "await":
      return `waits for ${code(a.target)}`;
    case "reply":
      return "replies";
    case "escalate":
      return `escalates to ${code(a.target)}`;
  }
}

function tools(agent: DocsAgent, linkTarget: (href: string) => string | undefined): string {
  const sections = agent.ir.tools.map((tool) => {
    const markdown = agent.contracts.get(tool.name);
    const content =
      markdown === undefined
        ? `    <h3>Tool ${code(tool.name)}</h3>\n    <p class="muted">No contract document was generated for this tool.</p>`
        : markdownToHtml(markdown, { headingShift: 2, linkTarget }).trimEnd();
    return [`  <section class="contract" id="tool-${escapeHtml(tool.name)}">`, content, "  </section>"].join("\n");
  });
  return [
    '  <section id="tools">',
    "    <h2>Tool contracts</h2>",
    ...(sections.length === 0 ? ['    <p class="muted">This agent declares no tools.</p>'] : sections),
    "  </section>",
  ].join("\n");
}

function runbook(markdown: string | undefined, linkTarget: (href: string) => string | undefined): string {
  return [
    '  <section id="runbook">',
    "    <h2>Runbook</h2>",
    markdown === undefined ? '    <p class="muted">No runbook was generated.</p>' : markdownToHtml(markdown, { headingShift: 2, linkTarget }).trimEnd(),
    "  </section>",
  ].join("\n");
}

/** 200ms, 3s, 5m, 24h, 2d: the largest exact unit, as the language writes durations. */
function duration(ms: number): string {
  const units: readonly [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}
