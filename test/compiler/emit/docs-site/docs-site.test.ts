/**
 * The docs site as files: goldens for the pages, everything escaped, nothing that loads
 * from anywhere but the site itself, deterministic output, and the real Mermaid bundle
 * shipped by `buildDocsSite`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import type { CostBound } from "../../../../compiler/analysis/cost-bound.ts";
import { buildDocsSite } from "../../../../compiler/docs.ts";
import { agentPagePaths, type DocsAgent, emitDocsSite, kebabName } from "../../../../compiler/emit/docs-site/index.ts";
import { emitFlowchart } from "../../../../compiler/emit/flowchart/index.ts";
import type { AgentIR } from "../../../../compiler/ir/ir.ts";
import { expectBaseline } from "../../../support/baseline.ts";
import { fixture } from "../flowchart/fixtures-ir.ts";

const GOLDEN = join(import.meta.dirname, "golden");
const ASSETS = { mermaidJs: "/* mermaid stand-in */\n", mermaidLicense: "MIT\n" };

/** A runbook with everything that must not become markup or a request. */
const HOSTILE_RUNBOOK = [
  "# Runbook <script>alert(1)</script>",
  "",
  'Raw <img src="http://example.com/x.png" onerror="alert(1)"> html and <b>bold</b>.',
  "",
  "![remote image](https://example.com/tracker.png) [js link](javascript:alert(1)) [data](data:text/html,hi)",
  "[a contract](contracts/getOrder.md) [another](issueRefund.md#retry) [flowchart](flowchart.mmd) [elsewhere](../other.md) [site](https://example.com/docs)",
  "",
  "| Flag | Command |",
  "|---|---|",
  "| `tool.getOrder.disabled` | `agentc flags set tool.getOrder.disabled true` |",
  "",
].join("\n");

/**
 * The site's inputs with stand-ins for other emitters' output (contract Markdown, cost
 * bound), so these goldens pin the site's layout, not the contracts' wording.
 */
function docsAgent(ir: AgentIR, runbook: string | undefined): DocsAgent {
  const contracts = new Map<string, string>();
  for (const tool of ir.tools) {
    contracts.set(
      tool.name,
      `# Tool \`${tool.name}\`\n\n${tool.description} <u>raw</u>\n\n## Contract\n\n| Clause | Value |\n|---|---|\n| Calls per session | ${tool.callsPerSession} |\n\nSee [runbook](../runbook.md).\n`,
    );
  }
  const cost = { kind: "bounded", worstCase: { steps: 7, tokens: 12_345, costUsd: 0.0123 } } as unknown as CostBound;
  return { ir, flowchart: emitFlowchart(ir), contracts, runbook, cost };
}

function site(): ReadonlyMap<string, string | Uint8Array> {
  return emitDocsSite([docsAgent(fixture("refund"), HOSTILE_RUNBOOK), docsAgent(fixture("nasty"), undefined)], ASSETS);
}

function html(files: ReadonlyMap<string, string | Uint8Array>, path: string): string {
  const content = files.get(path);
  if (typeof content !== "string") throw new Error(`no page ${path}`);
  return content;
}

describe("emitDocsSite", () => {
  it("writes an index, a page per agent and the assets", () => {
    expect([...site().keys()]).toEqual([
      "index.html",
      "agents/nasty.html",
      "agents/refund-desk.html",
      "assets/docs.css",
      "assets/docs.js",
      "assets/mermaid.min.js",
      "assets/mermaid.LICENSE.txt",
    ]);
  });

  for (const path of ["index.html", "agents/nasty.html", "agents/refund-desk.html"]) {
    it(`golden: ${path}`, () => {
      expectBaseline(join(GOLDEN, path.replace("/", "--")), html(site(), path));
    });
  }

  it("is deterministic and independent of the agents' order", () => {
    const reversed = emitDocsSite([docsAgent(fixture("nasty"), undefined), docsAgent(fixture("refund"), HOSTILE_RUNBOOK)], ASSETS);
    expect(reversed).toEqual(site());
  });

  it("lists each agent with its facts on the index", () => {
    const doc = new JSDOM(html(site(), "index.html")).window.document;
    const rows = [...doc.querySelectorAll("tbody tr")].map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows[1]?.slice(0, 5)).toEqual(["RefundDesk", "Refunds delivered orders; a finance lead approves large ones.", "3", "getOrder, issueRefund", "5"]);
    expect(rows[1]?.[5]).toBe("0.0123 usd · 7 steps · 12,345 tokens");
    expect(rows[0]?.[0]).toBe("Nasty");
  });

  it("escapes every text and lets nothing load or run from the content", () => {
    for (const path of ["index.html", "agents/nasty.html", "agents/refund-desk.html"]) {
      const doc = new JSDOM(html(site(), path)).window.document;
      const scripts = [...doc.querySelectorAll("script")].map((s) => s.getAttribute("src"));
      expect(scripts).toEqual(path === "index.html" ? [] : ["../assets/mermaid.min.js", "../assets/docs.js"]);
      expect(doc.querySelectorAll("img, iframe, object, embed, form, base, style")).toHaveLength(0);
      for (const element of doc.querySelectorAll("*")) {
        for (const attribute of element.getAttributeNames()) expect(attribute, `${path}: <${element.tagName}>`).not.toMatch(/^on/i);
      }
      for (const link of doc.querySelectorAll("[href], [src]")) {
        const url = link.getAttribute("href") ?? link.getAttribute("src") ?? "";
        const external = /^(https?:|mailto:)/.test(url);
        expect(url, `${path}: ${link.outerHTML}`).toMatch(/^(#[\w-]+|(\.\.\/)?(index\.html|agents\/[\w-]+\.html|assets\/[\w.-]+)|data:,|https?:\/\/example\.com\/docs)$/);
        if (external) expect(link.getAttribute("rel")).toBe("noopener noreferrer");
      }
      const csp = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
    }
  });

  it("shows the content's text as text", () => {
    const doc = new JSDOM(html(site(), "agents/refund-desk.html")).window.document;
    const runbook = doc.querySelector("#runbook")?.textContent ?? "";
    expect(runbook).toContain("Runbook <script>alert(1)</script>");
    expect(runbook).toContain('Raw <img src="http://example.com/x.png" onerror="alert(1)"> html');
    expect(doc.querySelector('#runbook a[href="#tool-getOrder"]')?.textContent).toBe("a contract");
    expect(doc.querySelector('#runbook a[href="#tool-issueRefund"]')?.textContent).toBe("another");
    expect(doc.querySelector('#runbook a[href="#flowchart"]')?.textContent).toBe("flowchart");
    expect(doc.querySelector("#tool-getOrder h3")?.textContent).toBe("Tool getOrder");
    expect(doc.querySelector("#tool-getOrder p")?.textContent).toBe("Look up an order. <u>raw</u>");
    expect(doc.querySelector('#tool-getOrder a[href="#runbook"]')?.textContent).toBe("runbook");

    const nasty = new JSDOM(html(site(), "agents/nasty.html")).window.document;
    expect(nasty.querySelector("p.description")?.textContent).toBe('Edge cases "for" the | flowchart <b>bold</b> & #1; done');
    // the flowchart source survives HTML escaping exactly (Mermaid reads the text back)
    expect(nasty.querySelector("pre.mermaid")?.textContent).toBe(emitFlowchart(fixture("nasty")));
    expect(nasty.querySelector("#runbook")?.textContent).toContain("No runbook was generated.");
  });

  it("names pages by the agent's kebab-case name, without collisions", () => {
    expect(kebabName("RefundDesk")).toBe("refund-desk");
    expect(kebabName("HTTPProbe2Go")).toBe("http-probe2-go");
    expect(kebabName("__proto__")).toBe("proto");
    expect(kebabName("_")).toBe("agent");
    expect([...agentPagePaths(["FooBar", "Foo_Bar", "foo_bar"]).values()]).toEqual(["agents/foo-bar.html", "agents/foo-bar-2.html", "agents/foo-bar-3.html"]);
  });
});

describe("buildDocsSite", () => {
  it("ships the installed Mermaid browser bundle byte for byte", () => {
    const files = buildDocsSite([fixture("refund")], { emitRunbook: () => "# Runbook\n" });
    const bundle = readFileSync(createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js"));
    expect(Buffer.from(files.get("assets/mermaid.min.js") as Uint8Array).equals(bundle)).toBe(true);
    const page = html(files, "agents/refund-desk.html");
    expect(page).toContain("<h3>Runbook</h3>");
    expect(page).toContain('<section class="contract" id="tool-issueRefund">');
    const again = buildDocsSite([fixture("refund")], { emitRunbook: () => "# Runbook\n" });
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [path, content] of files) {
      const other = again.get(path);
      expect(typeof content === "string" ? content === other : Buffer.from(content).equals(Buffer.from(other as Uint8Array)), path).toBe(true);
    }
  }, 30_000);
});
