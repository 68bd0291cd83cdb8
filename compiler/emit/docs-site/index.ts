/**
 * The static docs site (`agentc docs`): `index.html` listing the agents and one page per
 * agent (`agents/<kebab-name>.html`) with its flowchart drawn by a local copy of Mermaid,
 * its states, its tool contracts and its runbook. A pure function: the caller gives the
 * agents' IR, the artifacts the other emitters made (the flowchart source, the contract and
 * runbook Markdown — rendered here, so the site says what the committed files say) and the
 * Mermaid bundle's bytes; it returns relative path → content. Deterministic: agents sorted
 * by name, no dates, no absolute paths.
 */
import type { CostBound } from "../../analysis/cost-bound.ts";
import type { AgentIR } from "../../ir/ir.ts";
import { DOCS_CSS, DOCS_JS } from "./assets.ts";
import { agentPage } from "./agent-page.ts";
import { indexPage } from "./index-page.ts";

export interface DocsAgent {
  readonly ir: AgentIR;
  /** `flowchart.mmd` as `emitFlowchart` made it. */
  readonly flowchart: string;
  /** Tool name → the contract Markdown (`contracts/<tool>.md`). Missing tools get a note. */
  readonly contracts: ReadonlyMap<string, string>;
  /** `runbook.md`, when there is one. */
  readonly runbook: string | undefined;
  /** The static cost bound, when computed. */
  readonly cost: CostBound | undefined;
}

export interface DocsAssets {
  /** `mermaid/dist/mermaid.min.js` (the IIFE build that defines `globalThis.mermaid`). */
  readonly mermaidJs: string | Uint8Array;
  /** Mermaid's licence text, shipped beside it. */
  readonly mermaidLicense: string | undefined;
}

export type DocsSiteFiles = ReadonlyMap<string, string | Uint8Array>;

export function emitDocsSite(agents: readonly DocsAgent[], assets: DocsAssets): DocsSiteFiles {
  const ordered = [...agents].sort((a, b) => (a.ir.name < b.ir.name ? -1 : a.ir.name > b.ir.name ? 1 : 0));
  const pages = agentPagePaths(ordered.map((a) => a.ir.name));
  const files = new Map<string, string | Uint8Array>();
  files.set("index.html", indexPage(ordered, pages));
  for (const agent of ordered) files.set(pages.get(agent.ir.name) ?? "", agentPage(agent));
  files.set("assets/docs.css", DOCS_CSS);
  files.set("assets/docs.js", DOCS_JS);
  files.set("assets/mermaid.min.js", assets.mermaidJs);
  if (assets.mermaidLicense !== undefined) files.set("assets/mermaid.LICENSE.txt", assets.mermaidLicense);
  return files;
}

/** `RefundDesk` → `refund-desk`, `HTTPProbe` → `http-probe`, `__proto__` → `proto`. */
export function kebabName(name: string): string {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
  return kebab === "" ? "agent" : kebab;
}

/** Agent name → page path; names that kebab alike (`FooBar`, `foo_bar`) get `-2`, `-3`… in name order. */
export function agentPagePaths(sortedNames: readonly string[]): ReadonlyMap<string, string> {
  const taken = new Set<string>();
  const paths = new Map<string, string>();
  for (const name of sortedNames) {
    const base = kebabName(name);
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    paths.set(name, `agents/${slug}.html`);
  }
  return paths;
}
