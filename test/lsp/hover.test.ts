/** Hover over the real server: states, tools (their contract), prompts (text and version), types of results and fields, and diagnostic explanations. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hover, MarkupContent } from "vscode-languageserver-protocol";
import { fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
const AGENT = "refund.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("workspace");
  client = await LspClient.start(ws.root);
  await client.open(ws.uri(AGENT), ws.text(AGENT));
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

async function hoverText(marker: string): Promise<string | null> {
  const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri: ws.uri(AGENT) }, position: ws.at(AGENT, marker) });
  return hover === null ? null : (hover.contents as MarkupContent).value;
}

describe("hover", () => {
  it("shows a state's name and description", async () => {
    const text = await hoverText("gotoJudge");
    expect(text).toContain("state judge");
    expect(text).toContain("Decide whether the refund is eligible.");
  });

  it("shows a tool's contract as declared, and where", async () => {
    const text = await hoverText("callGetOrder");
    expect(text).toContain('tool getOrder "Look up an order by id."');
    expect(text).toContain("errors NotFound, Unavailable retryable");
    expect(text).toContain("effects read");
    expect(text).toContain("Declared in `orders.agent`");
  });

  it("shows a prompt's version and text", async () => {
    const text = await hoverText("askJudge");
    expect(text).toContain("prompt judge v2");
    expect(text).toContain("Decide whether order {{ order.total }} is eligible.");
  });

  it("shows the type of a field and of a result", async () => {
    expect(await hoverText("statusRef")).toContain('status: "placed" | "delivered"');
    expect(await hoverText("orderRef")).toContain("order: { orderId: string, total: number, … }");
    expect(await hoverText("placeholderTotal")).toContain("total: number");
  });

  it("shows an escalation target's description", async () => {
    expect(await hoverText("supportRef")).toContain("Customer support queue.");
  });

  it("explains a diagnostic under the cursor from its docs page", async () => {
    const uri = ws.uri(AGENT);
    const at = ws.at(AGENT, "gotoJudge");
    const version = await client.edit(uri, { start: at, end: { line: at.line, character: at.character + 5 } }, "jduge");
    await client.diagnostics(uri, version);
    const text = await hoverText("gotoJudge");
    expect(text).toContain("**AGC2001**");
    expect(text).toContain('no state named "jduge"');
    expect(text).toContain("Fix the name, or declare the state.");
    await client.change(uri, ws.text(AGENT));
  });

  it("answers null where there is nothing to say", async () => {
    const hover = await client.request<Hover | null>("textDocument/hover", { textDocument: { uri: ws.uri(AGENT) }, position: { line: 4, character: 1 } });
    expect(hover).toBeNull();
  });
});
