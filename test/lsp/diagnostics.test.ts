/** Diagnostics over the real server: published per change with the version, from the real checks, with codes, related locations and imports followed. */
import { rmSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "vscode-languageserver-protocol";
import { fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
const AGENT = "helper.agent";
const LIBRARY = "shared/search.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("diagnostics");
  client = await LspClient.start(ws.root);
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

const codes = (list: readonly Diagnostic[]) => list.map((d) => d.code);
const publishedFor = (uri: string) => client.published.filter((p) => p.uri === uri);

describe("diagnostics", () => {
  it("publishes the checker's diagnostics for an opened document, stamped with its version", async () => {
    await client.open(ws.uri(AGENT), ws.text(AGENT));
    const first = await client.diagnostics(ws.uri(AGENT), 1);
    expect(first.diagnostics).toEqual([]);
  });

  it("republishes once per change with the new version, codes and ranges", async () => {
    const uri = ws.uri(AGENT);
    const at = ws.at(AGENT, "target");
    const version = await client.edit(uri, { start: at, end: { line: at.line, character: at.character + "answer".length } }, "answr");
    const published = await client.diagnostics(uri, version);
    expect(codes(published.diagnostics)).toEqual(["AGC2001"]);
    const d = published.diagnostics[0]!;
    expect(d.source).toBe("agentc");
    expect(d.severity).toBe(1);
    expect(d.range).toEqual({ start: at, end: { line: at.line, character: at.character + 5 } });
    expect(d.message).toMatch(/no state named "answr"/);
    const fixed = await client.edit(uri, { start: at, end: { line: at.line, character: at.character + 5 } }, "answer");
    expect((await client.diagnostics(uri, fixed)).diagnostics).toEqual([]);
    // each version was published exactly once, in order
    const versions = publishedFor(uri).map((p) => p.version);
    expect(versions).toEqual([1, version, fixed]);
  });

  it("debounces a burst of edits into one publication for the last version", async () => {
    const uri = ws.uri(AGENT);
    const before = publishedFor(uri).length;
    const text = ws.text(AGENT);
    let last = 0;
    for (const extra of ["\n", "\n\n", "\n\n\n"]) last = await client.change(uri, text + extra);
    await client.diagnostics(uri, last);
    const after = publishedFor(uri).slice(before).map((p) => p.version!);
    expect(after.at(-1)).toBe(last);
    expect(new Set(after).size).toBe(after.length);
    expect([...after].sort((a, b) => a - b)).toEqual(after);
  });

  it("carries related locations into the imported file", async () => {
    const uri = ws.uri(AGENT);
    const version = await client.change(uri, ws.text(AGENT).replace(/\n\s*on error -> escalate support "search failed"/, ""));
    const published = await client.diagnostics(uri, version);
    expect(codes(published.diagnostics)).toEqual(["AGC3014"]);
    const related = published.diagnostics[0]!.relatedInformation!;
    expect(related).toHaveLength(1);
    expect(related[0]!.location.uri).toBe(ws.uri(LIBRARY));
    expect(related[0]!.message).toMatch(/"NoResults" is declared here/);
    expect(published.diagnostics[0]!.data).toEqual({ tool: "search", error: "NoResults", missing: ["NoResults"] });
    await client.diagnostics(uri, await client.change(uri, ws.text(AGENT)));
  });

  it("rechecks an agent when a file it imports changes in the editor", async () => {
    const library = ws.uri(LIBRARY);
    await client.open(library, ws.text(LIBRARY));
    const next = client.nextDiagnostics(ws.uri(AGENT), (p) => codes(p.diagnostics).includes("AGC2014"));
    await client.change(library, ws.text(LIBRARY).replace("tool search", "tool lookup"));
    const published = await next;
    expect(codes(published.diagnostics)).toContain("AGC2014");
    const back = client.nextDiagnostics(ws.uri(AGENT), (p) => p.diagnostics.length === 0);
    await client.change(library, ws.text(LIBRARY));
    await back;
    await client.close(library);
  });

  it("reports an import deleted on disk once the client says files changed", async () => {
    rmSync(ws.path(LIBRARY));
    const next = client.nextDiagnostics(ws.uri(AGENT), (p) => codes(p.diagnostics).includes("AGC2011"));
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: ws.uri(LIBRARY), type: 3 }] });
    expect(codes((await next).diagnostics)).toContain("AGC2011");
    writeFileSync(ws.path(LIBRARY), ws.text(LIBRARY));
    const back = client.nextDiagnostics(ws.uri(AGENT), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: ws.uri(LIBRARY), type: 1 }] });
    await back;
  });

  it("keeps working on an open document whose file was deleted on disk", async () => {
    rmSync(ws.path(AGENT));
    const uri = ws.uri(AGENT);
    const version = await client.change(uri, ws.text(AGENT).replace("-> answer", "-> nowhere"));
    expect(codes((await client.diagnostics(uri, version)).diagnostics)).toEqual(["AGC2001"]);
    writeFileSync(ws.path(AGENT), ws.text(AGENT));
  });

  it("accepts any language id for a .agent path", async () => {
    const uri = ws.uri("plain.agent");
    await client.open(uri, 'agent Plain "x" {\n  start nowhere\n}\n', "plaintext");
    expect(codes((await client.diagnostics(uri, 1)).diagnostics)).toContain("AGC2001");
  });

  it("clears a closed document's diagnostics", async () => {
    const uri = ws.uri("plain.agent");
    const cleared = client.nextDiagnostics(uri);
    await client.close(uri);
    expect((await cleared).diagnostics).toEqual([]);
  });
});
