/**
 * The logic of `agentc docs <paths> --out <dir>`: from checked agents' IR to the files of
 * the static docs site (relative path → content). It runs the emitters the site shows
 * (flowchart, contracts, runbook, cost bound) and reads the one file that is not ours, the
 * Mermaid bundle, from the installed `mermaid` package. Writing is the caller's (see
 * `write-outputs.ts`: the whole site is one folder, replaced atomically).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { computeCostBound, type CostBound } from "./analysis/cost-bound.ts";
import { emitContracts } from "./emit/contracts/index.ts";
import { emitDocsSite, type DocsAgent, type DocsAssets, type DocsSiteFiles } from "./emit/docs-site/index.ts";
import { emitFlowchart } from "./emit/flowchart/index.ts";
import type { AgentIR } from "./ir/ir.ts";
import type { PriceTable } from "../runtime/prices.ts";

export interface DocsOptions {
  /** Model prices for the cost bound (default: the built-in table). */
  readonly prices?: PriceTable;
  /** The runbook emitter; the page says "no runbook" without one. */
  readonly emitRunbook?: (ir: AgentIR, cost: CostBound) => string;
  /** Mermaid bundle and licence; read from the installed package when not given. */
  readonly assets?: DocsAssets;
}

export function buildDocsSite(agents: readonly AgentIR[], options: DocsOptions = {}): DocsSiteFiles {
  const docs = agents.map((ir): DocsAgent => {
    const cost = computeCostBound(ir, options.prices);
    const contracts = new Map<string, string>();
    for (const [path, content] of emitContracts(ir)) {
      const match = /^contracts\/(.+)\.md$/.exec(path);
      if (match?.[1] !== undefined) contracts.set(match[1], content);
    }
    return { ir, flowchart: emitFlowchart(ir), contracts, runbook: options.emitRunbook?.(ir, cost), cost };
  });
  return emitDocsSite(docs, options.assets ?? mermaidAssets());
}

let cachedAssets: DocsAssets | undefined;

/** The browser build of the installed `mermaid` (resolved like an import, so it works installed). */
export function mermaidAssets(): DocsAssets {
  if (cachedAssets !== undefined) return cachedAssets;
  const require = createRequire(import.meta.url);
  const bundle = require.resolve("mermaid/dist/mermaid.min.js");
  let license: string | undefined;
  try {
    license = readFileSync(join(dirname(require.resolve("mermaid/package.json")), "LICENSE"), "utf8");
  } catch {
    license = undefined;
  }
  cachedAssets = { mermaidJs: readFileSync(bundle), mermaidLicense: license };
  return cachedAssets;
}
