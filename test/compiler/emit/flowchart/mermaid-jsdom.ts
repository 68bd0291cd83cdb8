/**
 * The real `mermaid` package, parsing under jsdom. Mermaid 11 is ESM and touches `window`
 * and `document` when its modules load, so the DOM globals are installed before the first
 * (dynamic) import. `parseFlowchart` returns the flowchart db's own view of the chart:
 * its vertices and edges, as Mermaid will draw them.
 */
import { JSDOM } from "jsdom";
import type { Mermaid } from "mermaid";

export interface ParsedVertex {
  readonly id: string;
  /** The label as Mermaid's db holds it: entity codes still in their `ﬂ°…¶ß` placeholder form. */
  readonly text: string;
  readonly type: string | undefined;
  readonly classes: readonly string[];
}

export interface ParsedEdge {
  readonly start: string;
  readonly end: string;
  readonly text: string;
  /** `normal`, `dotted` or `thick`. */
  readonly stroke: string | undefined;
  readonly style: readonly string[];
}

export interface ParsedFlowchart {
  readonly diagramType: string;
  readonly vertices: ReadonlyMap<string, ParsedVertex>;
  readonly edges: readonly ParsedEdge[];
}

let loaded: Promise<Mermaid> | undefined;

export function loadMermaid(): Promise<Mermaid> {
  loaded ??= (async () => {
    const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
    const globals = globalThis as Record<string, unknown>;
    const window = dom.window as unknown as Record<string, unknown>;
    globals["window"] = dom.window;
    globals["document"] = dom.window.document;
    for (const name of ["Element", "HTMLElement", "SVGElement", "Node", "DocumentFragment", "DOMParser", "MutationObserver", "getComputedStyle"]) {
      if (!(name in globals)) globals[name] = window[name];
    }
    const { default: mermaid } = await import("mermaid");
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
    return mermaid;
  })();
  return loaded;
}

interface FlowDb {
  getVertices(): Map<string, { id: string; text?: string; type?: string; classes: string[] }>;
  getEdges(): { start: string; end: string; text: string; stroke?: string; style?: string[] }[];
}

export async function parseFlowchart(text: string): Promise<ParsedFlowchart> {
  const mermaid = await loadMermaid();
  const { diagramType } = await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as FlowDb;
  const vertices = new Map<string, ParsedVertex>();
  for (const [id, v] of db.getVertices()) vertices.set(id, { id, text: v.text ?? "", type: v.type, classes: [...v.classes] });
  const edges = db.getEdges().map((e) => ({ start: e.start, end: e.end, text: e.text, stroke: e.stroke, style: [...(e.style ?? [])] }));
  return { diagramType, vertices, edges };
}

const NAMED: ReadonlyMap<string, string> = new Map([
  ["quot", '"'],
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
]);

/**
 * Text as a reader will see it: Mermaid's entity placeholders decoded (`ﬂ°°N¶ß` is `&#N;`,
 * `ﬂ°name¶ß` is `&name;`). Throws on a named entity the browser would not know, since
 * that would render literally.
 */
export function decodeMermaidText(text: string): string {
  // one pass: a decoded character must not combine with its neighbours into a new placeholder
  return text.replace(/ﬂ°°(\d+)¶ß|ﬂ°(\w+)¶ß/gu, (whole, code: string | undefined, name: string | undefined) => {
    if (code !== undefined) return String.fromCodePoint(Number(code));
    const ch = NAMED.get(name ?? "");
    if (ch === undefined) throw new Error(`unexpected entity ${whole}`);
    return ch;
  });
}

/** A node label split at the markup the emitter adds: `title<br><small>name</small>`. */
export function splitNodeLabel(text: string): { readonly title: string; readonly small: string | undefined } {
  const match = /^(.*)<br\/?><small>(.*)<\/small>$/su.exec(text);
  if (match === null) {
    if (text.includes("<")) throw new Error(`unexpected markup in label ${JSON.stringify(text)}`);
    return { title: decodeMermaidText(text), small: undefined };
  }
  const [, title = "", small = ""] = match;
  if (title.includes("<") || small.includes("<")) throw new Error(`unexpected markup in label ${JSON.stringify(text)}`);
  return { title: decodeMermaidText(title), small: decodeMermaidText(small) };
}
