/** Quick fixes, formatting, semantic tokens and folding over the real server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CodeAction, Diagnostic, FoldingRange, SemanticTokens, TextEdit } from "vscode-languageserver-protocol";
import { TextDocument } from "vscode-languageserver-textdocument";
import { fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
let legend: string[];
const FILE = "fixes.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("fixes");
  client = await LspClient.start(ws.root);
  await client.open(ws.uri(FILE), ws.text(FILE));
  await client.diagnostics(ws.uri(FILE), 1);
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

function apply(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "agent", 1, text), [...edits]);
}

async function fixesFor(code: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
  const uri = ws.uri(FILE);
  const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((d) => d.code === code)!;
  expect(diagnostic).toBeDefined();
  const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  return { diagnostic, actions };
}

/** Applies a fix, checks the diagnostic is gone and nothing new appeared, and restores the text. */
async function expectFixed(action: CodeAction, code: string): Promise<string> {
  const uri = ws.uri(FILE);
  const fixed = apply(ws.text(FILE), action.edit!.changes![uri]!);
  const before = (await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code);
  const version = await client.change(uri, fixed);
  const after = (await client.diagnostics(uri, version)).diagnostics.map((d) => d.code);
  expect(after).toEqual(before.filter((c) => c !== code));
  await client.diagnostics(uri, await client.change(uri, ws.text(FILE)));
  return fixed;
}

describe("quick fixes", () => {
  it("adds the missing else (AGC3009)", async () => {
    const { actions } = await fixesFor("AGC3009");
    expect(actions.map((a) => a.title)).toEqual(["Add the missing `else`"]);
    const fixed = await expectFixed(actions[0]!, "AGC3009");
    expect(fixed).toContain('    when result.saved -> reply "Saved."\n    else -> escalate oncall "no condition held in state save"\n');
  });

  it("adds an idempotency key made of an input field (AGC3011)", async () => {
    const { actions } = await fixesFor("AGC3011");
    expect(actions.map((a) => a.title)).toEqual(["Add idempotency key `ticketId`"]);
    expect(await expectFixed(actions[0]!, "AGC3011")).toContain("effects write idempotent by ticketId\n");
  });

  it("handles an unhandled tool error, by name or with on error (AGC3014)", async () => {
    const { actions } = await fixesFor("AGC3014");
    expect(actions.map((a) => a.title)).toEqual(["Handle error Conflict", "Handle every error with `on error`"]);
    expect(await expectFixed(actions[0]!, "AGC3014")).toContain('as result\n    on Conflict -> escalate oncall "saveNote failed: Conflict"\n');
    await expectFixed(actions[1]!, "AGC3014");
  });

  it("offers nothing for a diagnostic that is no longer current", async () => {
    const { diagnostic } = await fixesFor("AGC3009");
    const stale = { ...diagnostic, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    const actions = await client.request<CodeAction[]>("textDocument/codeAction", { textDocument: { uri: ws.uri(FILE) }, range: stale.range, context: { diagnostics: [stale] } });
    expect(actions).toEqual([]);
  });
});

describe("formatting", () => {
  it("formats with the formatter", async () => {
    const edits = await client.request<TextEdit[]>("textDocument/formatting", { textDocument: { uri: ws.uri(FILE) }, options: { tabSize: 2, insertSpaces: true } });
    expect(edits).toHaveLength(1);
    const formatted = apply(ws.text(FILE), edits);
    expect(formatted).toContain('  tool saveNote "Store a note." {');
    expect(formatted).toBe(ws.text(FILE).replace("tool   saveNote", "tool saveNote"));
  });

  it("leaves a document with syntax errors alone", async () => {
    const uri = ws.uri(FILE);
    await client.diagnostics(uri, await client.change(uri, ws.text(FILE).replace("start save", "start {")));
    expect(await client.request("textDocument/formatting", { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } })).toEqual([]);
    await client.diagnostics(uri, await client.change(uri, ws.text(FILE)));
  });
});

describe("semantic tokens", () => {
  beforeAll(() => {
    legend = client.capabilities.semanticTokensProvider!.legend.tokenTypes;
  });

  it("classifies keywords, names by what they denote, strings, numbers and comments", async () => {
    const tokens = await client.request<SemanticTokens>("textDocument/semanticTokens/full", { textDocument: { uri: ws.uri(FILE) } });
    const lines = ws.text(FILE).split("\n");
    const decoded: string[] = [];
    let line = 0;
    let character = 0;
    for (let i = 0; i < tokens.data.length; i += 5) {
      const [dl, dc, length, type, modifiers] = tokens.data.slice(i, i + 5) as [number, number, number, number, number];
      line += dl;
      character = dl === 0 ? character + dc : dc;
      decoded.push(`${line}:${lines[line]!.slice(character, character + length)}=${legend[type]}${modifiers & 1 ? "+decl" : ""}`);
    }
    const call = ws.at(FILE, "call").line;
    expect(decoded.filter((t) => t.startsWith(`${call}:`))).toEqual([
      `${call}:call=keyword`,
      `${call}:saveNote=function`,
      `${call}:ticketId=property`,
      `${call}:input=parameter`,
      `${call}:ticketId=property`,
      `${call}:note=property`,
      `${call}:input=parameter`,
      `${call}:note=property`,
      `${call}:as=keyword`,
      `${call}:result=variable+decl`,
    ]);
    expect(decoded).toContain("0:// Three problems with quick fixes, and a layout the formatter changes.=comment");
    expect(decoded).toContain('19:state=keyword');
    expect(decoded).toContain("19:save=class+decl");
    expect(decoded).toContain("5:300=number");
  });
});

describe("folding", () => {
  it("folds the agent, tools, states and records that span lines", async () => {
    const ranges = await client.request<FoldingRange[]>("textDocument/foldingRange", { textDocument: { uri: ws.uri(FILE) } });
    const lines = ws.text(FILE).split("\n");
    const starts = ranges.map((r) => lines[r.startLine]!.trim());
    expect(starts).toEqual(['agent Fixes "Has problems that quick fixes solve." {', 'tool   saveNote "Store a note." {', 'state save "Save the note." {']);
    const agent = ranges[0]!;
    expect(lines[agent.endLine + 1]).toBe("}");
  });
});
