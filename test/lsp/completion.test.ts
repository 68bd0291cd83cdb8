/** Completion over the real server, mostly in half-typed code: names a position expects, fields after `.`, keywords of the enclosing block. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompletionItem, CompletionList, Position } from "vscode-languageserver-protocol";
import { fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
const AGENT = "refund.agent";
const LIBRARY = "shared/orders.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("workspace");
  client = await LspClient.start(ws.root);
  await client.open(ws.uri(AGENT), ws.text(AGENT));
  await client.open(ws.uri(LIBRARY), ws.text(LIBRARY));
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

async function labelsAt(file: string, position: Position): Promise<string[]> {
  const result = await client.request<CompletionItem[] | CompletionList | null>("textDocument/completion", { textDocument: { uri: ws.uri(file) }, position });
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  return items.map((i) => i.label);
}

/** Types `typed` on a new line after a marker (the document is restored afterwards) and completes at its end. */
async function labelsAfterTyping(file: string, marker: string, typed: string, indent = "    "): Promise<string[]> {
  const at = ws.at(file, marker);
  const text = ws.text(file);
  const lines = text.split("\n");
  lines[at.line] = `${lines[at.line]!.slice(0, at.character)}\n${indent}${typed}${lines[at.line]!.slice(at.character)}`;
  await client.change(ws.uri(file), lines.join("\n"));
  try {
    return await labelsAt(file, { line: at.line + 1, character: indent.length + typed.length });
  } finally {
    await client.change(ws.uri(file), text);
  }
}

describe("completion", () => {
  it("offers states (and reply, escalate) after ->", async () => {
    const labels = await labelsAfterTyping(AGENT, "lookupEnd", "when true -> ");
    expect(labels).toEqual(["lookup", "judge", "refund", "reply", "escalate"]);
  });

  it("offers tools, local and imported, after call", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "call ")).toEqual(["getOrder", "issueRefund"]);
  });

  it("offers prompts after ask and escalation targets after escalate", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "ask ")).toEqual(["judge"]);
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "on timeout -> escalate ")).toEqual(["support"]);
  });

  it("offers the called tool's named errors after on", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "on ")).toEqual(["NotFound", "Unavailable", "error", "timeout", "exhausted"]);
  });

  it("offers the fields of a typed result after a dot, even in a half-typed guard", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "when order.")).toEqual(["orderId", "total", "status"]);
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "when order.to")).toEqual(["orderId", "total", "status"]);
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "when input.")).toEqual(["orderId", "message"]);
  });

  it("offers fields inside a placeholder but nothing in plain string text", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", 'else -> reply "Total {{ order.')).toEqual(["orderId", "total", "status"]);
    expect(await labelsAfterTyping(AGENT, "lookupEnd", 'else -> reply "Total {{ ')).toEqual(expect.arrayContaining(["input", "order", "verdict", "payment"]));
    expect(await labelsAt(AGENT, ws.at(AGENT, "inString"))).toEqual([]);
  });

  it("offers names in scope where an expression goes", async () => {
    const labels = await labelsAfterTyping(AGENT, "lookupEnd", "when ");
    expect(labels).toEqual(expect.arrayContaining(["input", "order", "verdict", "payment", "not", "true"]));
  });

  it("offers the keywords of the enclosing block at the start of a line", async () => {
    const agent = await labelsAfterTyping(AGENT, "agentEnd", "", "  ");
    expect(agent).toEqual(expect.arrayContaining(["state", "tool", "prompt", "escalation", "model", "budget"]));
    expect(agent).not.toContain("call");
    const state = await labelsAfterTyping(AGENT, "lookupEnd", "");
    expect(state).toEqual(expect.arrayContaining(["ask", "call", "when", "else", "on", "reply", "escalate"]));
    expect(state).not.toContain("state");
    const tool = await labelsAfterTyping(LIBRARY, "toolEnd", "", "  ");
    expect(tool).toEqual(expect.arrayContaining(["input", "output", "errors", "effects", "retry", "breaker"]));
  });

  it("offers types after a result's colon and effects after effects", async () => {
    expect(await labelsAfterTyping(AGENT, "lookupEnd", "ask judge as x: ")).toEqual(["string", "number", "integer", "boolean"]);
    expect(await labelsAfterTyping(LIBRARY, "toolEnd", "effects ", "  ")).toEqual(["none", "read", "write", "payment"]);
  });

  it("offers top-level keywords outside the agent, nothing in a comment", async () => {
    const uri = ws.uri("new.agent");
    await client.open(uri, "ag");
    expect(await labelsAt(AGENT, { line: 2, character: 0 })).toEqual(["agent", "import", "tool"]);
    expect(await labelsAt(AGENT, { line: 0, character: 5 })).toEqual([]); // in a comment
    const empty = await client.request<CompletionItem[]>("textDocument/completion", { textDocument: { uri }, position: { line: 0, character: 2 } });
    expect(empty.map((i) => i.label)).toEqual(["agent", "import", "tool"]);
  });
});
