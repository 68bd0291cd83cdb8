/** Go to definition, find references, rename (and its refusals), document and workspace symbols, over the real server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DocumentSymbol, Location, Range, WorkspaceEdit, WorkspaceSymbol } from "vscode-languageserver-protocol";
import { fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
const AGENT = "refund.agent";
const LIBRARY = "shared/orders.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("workspace");
  client = await LspClient.start(ws.root);
  await client.open(ws.uri(AGENT), ws.text(AGENT));
  await client.diagnostics(ws.uri(AGENT), 1);
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

const position = (file: string, marker: string) => ({ textDocument: { uri: ws.uri(file) }, position: ws.at(file, marker) });
const lineOf = (file: string, range: Range) => ws.text(file).split("\n")[range.start.line]!.slice(range.start.character, range.end.character);

describe("definition", () => {
  it("goes from a transition target to the state", async () => {
    const found = await client.request<Location>("textDocument/definition", position(AGENT, "gotoJudge"));
    expect(found.uri).toBe(ws.uri(AGENT));
    expect(lineOf(AGENT, found.range)).toBe("judge");
    expect(found.range.start.line).toBe(ws.text(AGENT).split("\n").findIndex((l) => l.includes("state judge")));
  });

  it("goes from a call to the tool declared in the imported file", async () => {
    const found = await client.request<Location>("textDocument/definition", position(AGENT, "callGetOrder"));
    expect(found.uri).toBe(ws.uri(LIBRARY));
    expect(found.range.start).toEqual(ws.at(LIBRARY, "getOrderDecl"));
  });

  it("goes from a field in a path to its declaration in the tool's output", async () => {
    const found = await client.request<Location>("textDocument/definition", position(AGENT, "placeholderTotal"));
    expect(found.uri).toBe(ws.uri(LIBRARY));
    expect(found.range.start).toEqual(ws.at(LIBRARY, "totalDecl"));
  });

  it("goes from a result name to the `as` that sets it, and from the import path to the file", async () => {
    const result = await client.request<Location>("textDocument/definition", position(AGENT, "orderRef"));
    expect(result.range.start).toEqual(ws.at(AGENT, "orderDecl"));
    const file = await client.request<Location>("textDocument/definition", position(AGENT, "importPath"));
    expect(file.uri).toBe(ws.uri(LIBRARY));
  });

  it("answers null on a keyword", async () => {
    const found = await client.request<Location | null>("textDocument/definition", { textDocument: { uri: ws.uri(AGENT) }, position: { line: 4, character: 1 } });
    expect(found).toBeNull();
  });
});

describe("references", () => {
  it("finds every use of a state, with and without its declaration", async () => {
    const all = await client.request<Location[]>("textDocument/references", { ...position(AGENT, "startLookup"), context: { includeDeclaration: true } });
    expect(all.map((l) => l.range.start)).toEqual([ws.at(AGENT, "startLookup"), ws.at(AGENT, "lookupDecl")]);
    const uses = await client.request<Location[]>("textDocument/references", { ...position(AGENT, "lookupDecl"), context: { includeDeclaration: false } });
    expect(uses.map((l) => l.range.start)).toEqual([ws.at(AGENT, "startLookup")]);
  });

  it("finds a shared tool's uses in the library and in the agents that import it", async () => {
    await client.open(ws.uri(LIBRARY), ws.text(LIBRARY));
    const all = await client.request<Location[]>("textDocument/references", { ...position(LIBRARY, "getOrderDecl"), context: { includeDeclaration: true } });
    const where = all.map((l) => `${l.uri === ws.uri(AGENT) ? AGENT : LIBRARY}:${l.range.start.line}:${l.range.start.character}`).sort();
    const at = (file: string, marker: string) => `${file}:${ws.at(file, marker).line}:${ws.at(file, marker).character}`;
    expect(where).toEqual([at(AGENT, "callGetOrder"), at(AGENT, "importGetOrder"), at(LIBRARY, "getOrderDecl")].sort());
  });

  it("finds a field's uses in placeholders and guards", async () => {
    const all = await client.request<Location[]>("textDocument/references", { ...position(AGENT, "placeholderTotal"), context: { includeDeclaration: false } });
    expect(all).toHaveLength(2); // {{ order.total }} and `order.total > 0`
    expect(all.every((l) => l.uri === ws.uri(AGENT))).toBe(true);
  });
});

describe("rename", () => {
  it("prepares a rename on a state name and refuses one on a keyword", async () => {
    const prepared = await client.request<{ range: Range; placeholder: string }>("textDocument/prepareRename", position(AGENT, "gotoJudge"));
    expect(prepared.placeholder).toBe("judge");
    await expect(client.request("textDocument/prepareRename", { textDocument: { uri: ws.uri(AGENT) }, position: { line: 4, character: 1 } })).rejects.toThrow(/can be renamed/);
  });

  it("renames a state everywhere it is named", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...position(AGENT, "lookupDecl"), newName: "findOrder" });
    const edits = edit.changes![ws.uri(AGENT)]!;
    expect(edits.map((e) => e.newText)).toEqual(["findOrder", "findOrder"]);
    expect(edits.map((e) => e.range.start).sort((a, b) => a.line - b.line)).toEqual([ws.at(AGENT, "startLookup"), ws.at(AGENT, "lookupDecl")]);
  });

  it("renames a prompt but not the state of the same name", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...position(AGENT, "askJudge"), newName: "assess" });
    const starts = edit.changes![ws.uri(AGENT)]!.map((e) => e.range.start);
    expect(starts).toHaveLength(2);
    expect(starts).toContainEqual(ws.at(AGENT, "judgePromptDecl"));
    expect(starts).toContainEqual(ws.at(AGENT, "askJudge"));
  });

  it("renames a shared tool in the library, the import list and the call", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...position(AGENT, "callGetOrder"), newName: "fetchOrder" });
    expect(Object.keys(edit.changes!).sort()).toEqual([ws.uri(AGENT), ws.uri(LIBRARY)].sort());
    expect(edit.changes![ws.uri(AGENT)]).toHaveLength(2);
    expect(edit.changes![ws.uri(LIBRARY)]).toHaveLength(1);
  });

  it("renames a field in its declaration and every path that reads it", async () => {
    const edit = await client.request<WorkspaceEdit>("textDocument/rename", { ...position(AGENT, "statusRef"), newName: "state" });
    expect(edit.changes![ws.uri(LIBRARY)]).toHaveLength(1);
    expect(edit.changes![ws.uri(AGENT)]).toHaveLength(1);
  });

  it("refuses a name that collides or is not a name", async () => {
    await expect(client.request("textDocument/rename", { ...position(AGENT, "lookupDecl"), newName: "judge" })).rejects.toThrow(/duplicate state name "judge"/);
    await expect(client.request("textDocument/rename", { ...position(AGENT, "lookupDecl"), newName: "2fast" })).rejects.toThrow(/not a name/);
    await expect(client.request("textDocument/rename", { ...position(AGENT, "callGetOrder"), newName: "issueRefund" })).rejects.toThrow(/duplicate tool name/);
    await expect(client.request("textDocument/rename", { ...position(AGENT, "orderDecl"), newName: "verdict" })).rejects.toThrow(/already exists/);
  });
});

describe("symbols", () => {
  it("outlines the agent with its states, prompts and escalation targets", async () => {
    const symbols = await client.request<DocumentSymbol[]>("textDocument/documentSymbol", { textDocument: { uri: ws.uri(AGENT) } });
    expect(symbols.map((s) => s.name)).toEqual(["RefundAgent"]);
    expect(symbols[0]!.children!.map((c) => c.name)).toEqual(["input", "output", "support", "judge", "lookup", "judge", "refund"]);
  });

  it("finds declarations across the workspace by a fuzzy query", async () => {
    const found = await client.request<WorkspaceSymbol[]>("workspace/symbol", { query: "gord" });
    expect(found.map((s) => s.name)).toEqual(["getOrder"]);
    expect((found[0]!.location as Location).uri).toBe(ws.uri(LIBRARY));
    const states = await client.request<WorkspaceSymbol[]>("workspace/symbol", { query: "refund" });
    expect(states.map((s) => s.name).sort()).toEqual(["RefundAgent", "issueRefund", "refund"]);
  });
});

describe("the flowchart request (the extension's flowchart view)", () => {
  it("answers the agent's Mermaid flowchart from the compiler's emitter", async () => {
    const result = await client.request<{ agent: string; mermaid: string }>("agentc/flowchart", { textDocument: { uri: ws.uri(AGENT) } });
    expect(result.agent).toBe("RefundAgent");
    expect(result.mermaid).toMatch(/^flowchart TD\n/);
    expect(result.mermaid).toContain("Decide whether the refund is eligible.");
  });

  it("says why there is none for a library file", async () => {
    await client.open(ws.uri(LIBRARY), ws.text(LIBRARY));
    const result = await client.request<{ problem: string }>("agentc/flowchart", { textDocument: { uri: ws.uri(LIBRARY) } });
    expect(result.problem).toMatch(/declares no agent/);
  });
});
