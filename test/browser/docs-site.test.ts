/**
 * The docs site in a real browser: Debian's headless Chromium (driven by playwright-core)
 * loads the site from a local HTTP server on 127.0.0.1 and from file://, Mermaid draws
 * each flowchart — an SVG node per state, with the state's text exactly — the console stays
 * free of errors (a CSP violation would be one) and no request leaves the local server.
 *
 * Skips, saying why, when /usr/bin/chromium is missing (`.ci/run` installs it with apt-get).
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDocsSite } from "../../compiler/docs.ts";
import type { AgentIR, StateIR } from "../../compiler/ir/ir.ts";
import { fixture } from "../compiler/emit/flowchart/fixtures-ir.ts";

const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const SKIP = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) to run the browser test`;
const TIMEOUT = 60_000;

const AGENTS: readonly { readonly ir: AgentIR; readonly page: string }[] = [
  { ir: fixture("refund"), page: "agents/refund-desk.html" },
  { ir: fixture("nasty"), page: "agents/nasty.html" },
];

let root = "";
let server: Server | undefined;
let origin = "";
let browser: Browser | undefined;

beforeAll(async () => {
  if (!hasChromium) {
    console.warn(`skipping the browser test: ${SKIP}`);
    return;
  }
  root = mkdtempSync(join(tmpdir(), "agentc-docs-"));
  const files = buildDocsSite(
    AGENTS.map((a) => a.ir),
    { emitRunbook: (ir) => `# Runbook\n\nDisable a tool with \`agentc flags set tool.NAME.disabled true\` (${ir.name}).\n` },
  );
  for (const [path, content] of files) {
    const file = join(root, ...path.split("/"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname));
    const file = join(root, path);
    if (!file.startsWith(root + sep) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8" }[extname(file)] ?? "text/plain; charset=utf-8";
    response.writeHead(200, { "content-type": type }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

interface Visit {
  readonly page: Page;
  readonly problems: string[];
  readonly requests: string[];
}

/** Opens a page, recording console errors/warnings, page errors and every request. */
async function visit(url: string): Promise<Visit> {
  if (browser === undefined) throw new Error("no browser");
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  // anything not local is recorded and refused, so a regression cannot reach the network
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requests.push(url);
    const local = url.startsWith(`${origin}/`) || url.startsWith("file://") || url.startsWith("data:");
    return local ? route.continue() : route.abort();
  });
  await page.goto(url);
  return { page, problems, requests };
}

async function rendered(page: Page): Promise<void> {
  await page.waitForSelector("html[data-flowchart]", { timeout: 30_000 });
  expect(await page.getAttribute("html", "data-flowchart")).toBe("rendered");
}

/** Generated node id (`s0`, `r1`…) → the SVG node's text, from Mermaid's `…-flowchart-<id>-<n>` ids. */
async function svgNodes(page: Page): Promise<Map<string, string[]>> {
  const found = await page.$$eval(".flowchart svg g.node", (nodes) => nodes.map((n) => [n.id, n.textContent ?? ""] as const));
  const byId = new Map<string, string[]>();
  for (const [domId, text] of found) {
    const id = /-flowchart-([a-z]\d+)-\d+$/.exec(domId)?.[1] ?? `unrecognised:${domId}`;
    byId.set(id, [...(byId.get(id) ?? []), text]);
  }
  return byId;
}

/** What a state node shows: its description (one line; ﬂ°/¶ß split by U+2060) then its name. */
function stateText(state: StateIR): string | undefined {
  const title = state.description.replace(/\s+/gu, " ").trim().replace(/ﬂ°/gu, "ﬂ\u2060°").replace(/¶ß/gu, "¶\u2060ß");
  return title === "" ? undefined : `${title}${state.name}`;
}

describe("docs site in headless Chromium", () => {
  for (const agent of AGENTS) {
    it(
      `draws the flowchart of ${agent.ir.name} with a node per state, no console errors, nothing off 127.0.0.1`,
      async (context) => {
        context.skip(!hasChromium, SKIP);
        const { page, problems, requests } = await visit(`${origin}/${agent.page}`);
        await rendered(page);

        const nodes = await svgNodes(page);
        for (const state of agent.ir.states) {
          const texts = nodes.get(state.id);
          expect(texts, `SVG node for state ${state.name}`).toHaveLength(1);
          const expected = stateText(state);
          if (expected !== undefined) expect(texts?.[0]).toBe(expected);
        }
        const terminals = agent.ir.states.flatMap((s) => s.transitions).filter((t) => t.target.kind !== "state").length;
        expect([...nodes.values()].flat()).toHaveLength(1 + agent.ir.states.length + terminals);
        expect([...nodes.keys()].filter((id) => id.startsWith("unrecognised:"))).toEqual([]);

        expect(problems).toEqual([]);
        expect(requests.length).toBeGreaterThan(0);
        expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
        await page.context().close();
      },
      TIMEOUT,
    );
  }

  it(
    "shows the index with a link to every agent page",
    async (context) => {
      context.skip(!hasChromium, SKIP);
      const { page, problems, requests } = await visit(`${origin}/index.html`);
      const links = await page.$$eval("tbody a", (as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
      expect(links).toEqual([
        ["Nasty", "agents/nasty.html"],
        ["RefundDesk", "agents/refund-desk.html"],
      ]);
      await page.click("text=RefundDesk");
      await rendered(page);
      expect(problems).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(`${origin}/`))).toEqual([]);
      await page.context().close();
    },
    TIMEOUT,
  );

  it(
    "renders from file:// too (a site opened from disk)",
    async (context) => {
      context.skip(!hasChromium, SKIP);
      const { page, problems } = await visit(pathToFileURL(join(root, "agents", "refund-desk.html")).href);
      await rendered(page);
      expect((await svgNodes(page)).get("s0")).toHaveLength(1);
      expect(problems).toEqual([]);
      await page.context().close();
    },
    TIMEOUT,
  );
});
