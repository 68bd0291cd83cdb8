/**
 * Bad input over the real server: half-typed documents get answers (never an error
 * response, never an internal failure), 10 MB and binary junk do not stall it, a cancelled
 * request answers RequestCancelled, stdout carries protocol only, and a client that
 * disconnects mid-request leaves no crash behind.
 */
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Position } from "vscode-languageserver-protocol";
import { BIN, fixtureWorkspace, LspClient, type FixtureWorkspace } from "./lsp-client.ts";

let ws: FixtureWorkspace;
let client: LspClient;
const AGENT = "refund.agent";

beforeAll(async () => {
  ws = fixtureWorkspace("workspace");
  client = await LspClient.start(ws.root);
});
afterAll(async () => {
  await client?.stop();
  ws?.dispose();
});

/** Every request the server offers, at one position of a document. */
async function everyRequest(uri: string, position: Position): Promise<void> {
  const doc = { textDocument: { uri } };
  const at = { ...doc, position };
  await Promise.all([
    client.request("textDocument/completion", at),
    client.request("textDocument/hover", at),
    client.request("textDocument/definition", at),
    client.request("textDocument/references", { ...at, context: { includeDeclaration: true } }),
    client.request("textDocument/documentSymbol", doc),
    client.request("textDocument/foldingRange", doc),
    client.request("textDocument/semanticTokens/full", doc),
    client.request("textDocument/formatting", { ...doc, options: { tabSize: 2, insertSpaces: true } }),
    client.request("textDocument/codeAction", { ...doc, range: { start: position, end: position }, context: { diagnostics: [] } }),
    client.request("workspace/symbol", { query: "a" }),
  ]);
}

function positionsOf(text: string, step: number): Position[] {
  const out: Position[] = [];
  const lines = text.split("\n");
  for (let offset = 0, line = 0, character = 0; offset <= text.length; offset++) {
    if (offset % step === 0) out.push({ line, character });
    if (text[offset] === "\n") (line += 1), (character = 0);
    else character += 1;
  }
  return out.filter((p) => p.line < lines.length);
}

describe("half-typed documents", () => {
  it("answer every request at many positions of many cut-off versions, without an internal failure", async () => {
    const uri = ws.uri("broken.agent");
    const full = ws.text(AGENT);
    await client.open(uri, "");
    for (let cut = 40; cut < full.length; cut += 97) {
      const text = full.slice(0, cut);
      await client.diagnostics(uri, await client.change(uri, text));
      for (const position of positionsOf(text, 53)) await everyRequest(uri, position);
    }
    expect(client.logs.filter((l) => l.includes("failed"))).toEqual([]);
  });

  it("answer every request on a document with stray tokens in every state", async () => {
    const uri = ws.uri("broken.agent");
    const text = ws.text(AGENT).replace(/-> /g, "-> -> ").replace(/\{ /g, "{ , ").replace(/as /g, "as : ");
    await client.diagnostics(uri, await client.change(uri, text));
    for (const position of positionsOf(text, 71)) await everyRequest(uri, position);
    expect(client.logs.filter((l) => l.includes("failed"))).toEqual([]);
  });
});

describe("huge and binary documents", () => {
  it("refuses a 10 MB document with a diagnostic and keeps answering", async () => {
    const uri = ws.uri("huge.agent");
    const line = 'agent A "x" { start s state s { reply "padding padding padding padding padding" } }\n';
    await client.open(uri, line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics.map((d) => d.code)).toEqual(["AGC1005"]);
    await everyRequest(uri, { line: 1000, character: 5 });
    await client.close(uri);
  });

  it("checks binary junk and keeps answering", async () => {
    const uri = ws.uri("junk.agent");
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const junk = Array.from({ length: 200_000 }, () => String.fromCharCode(random() % 256)).join("");
    await client.open(uri, junk);
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics.length).toBeGreaterThan(0);
    await everyRequest(uri, { line: 3, character: 2 });
    await client.close(uri);
    expect(client.logs.filter((l) => l.includes("failed"))).toEqual([]);
  });
});

/** Frames LSP messages. */
function frame(message: object): string {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

/** Splits raw stdout into messages; throws on anything that is not a framed message (a message still arriving is left out unless `complete`). */
function unframe(raw: Buffer, complete = true): { id?: number; method?: string; error?: { code: number }; result?: unknown }[] {
  const out = [];
  let at = 0;
  while (at < raw.length) {
    const header = raw.subarray(at).toString("latin1");
    const match = /^Content-Length: (\d+)\r\n\r\n/.exec(header);
    if (match === null) throw new Error(`not a framed message at byte ${at}: ${JSON.stringify(header.slice(0, 40))}`);
    const start = at + match[0].length;
    if (start + Number(match[1]) > raw.length) {
      if (complete) throw new Error("stdout ends inside a message");
      break;
    }
    out.push(JSON.parse(raw.subarray(start, start + Number(match[1])).toString("utf8")));
    at = start + Number(match[1]);
  }
  return out;
}

function rawServer(cwd: string) {
  const child = spawn(process.execPath, [BIN, "lsp", "--stdio"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
  const chunks: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const messages = (complete = false) => unframe(Buffer.concat(chunks), complete);
  const waitFor = async (match: (m: ReturnType<typeof messages>[number]) => boolean) => {
    for (;;) {
      const found = messages().find(match);
      if (found !== undefined) return found;
      await new Promise((resolve) => child.stdout.once("data", resolve));
    }
  };
  return { child, exited, messages, waitFor, stderr: () => stderr };
}

describe("the protocol", () => {
  it("answers a request cancelled as it was sent with RequestCancelled, and stdout holds only framed messages", async () => {
    const server = rawServer(ws.root);
    server.child.stdin.write(frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }));
    await server.waitFor((m) => m.id === 1);
    const uri = ws.uri(AGENT);
    server.child.stdin.write(frame({ method: "initialized", params: {} }) + frame({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "agent", version: 1, text: ws.text(AGENT) } } }));
    // the request and its cancellation in one write: the server reads them together
    const hover = { textDocument: { uri }, position: ws.at(AGENT, "gotoJudge") };
    server.child.stdin.write(frame({ id: 2, method: "textDocument/hover", params: hover }) + frame({ method: "$/cancelRequest", params: { id: 2 } }) + frame({ id: 3, method: "textDocument/hover", params: hover }));
    const cancelled = await server.waitFor((m) => m.id === 2);
    expect(cancelled.error?.code).toBe(-32800);
    const answered = await server.waitFor((m) => m.id === 3);
    expect(answered.result).toBeTruthy();
    server.child.stdin.write(frame({ id: 4, method: "shutdown" }));
    await server.waitFor((m) => m.id === 4);
    server.child.stdin.write(frame({ method: "exit" }));
    expect(await server.exited).toBe(0);
    expect(() => server.messages(true)).not.toThrow();
    expect(server.stderr()).toBe("");
  });

  it("asks a client that allows it to watch .agent files on disk", async () => {
    const server = rawServer(ws.root);
    const capabilities = { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } };
    server.child.stdin.write(frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities } }));
    await server.waitFor((m) => m.id === 1);
    server.child.stdin.write(frame({ method: "initialized", params: {} }));
    const registration = (await server.waitFor((m) => m.method === "client/registerCapability")) as { params?: unknown };
    expect(JSON.stringify(registration.params)).toContain('"globPattern":"**/*.agent"');
    server.child.stdin.end();
    await server.exited;
  });

  it("survives a client that disconnects mid-request: it exits without a crash", async () => {
    const server = rawServer(ws.root);
    server.child.stdin.write(frame({ id: 1, method: "initialize", params: { processId: null, rootUri: null, capabilities: {} } }));
    await server.waitFor((m) => m.id === 1);
    const uri = ws.uri(AGENT);
    server.child.stdin.write(frame({ method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "agent", version: 1, text: ws.text(AGENT) } } }));
    server.child.stdin.end(frame({ id: 2, method: "textDocument/references", params: { textDocument: { uri }, position: ws.at(AGENT, "lookupDecl"), context: { includeDeclaration: true } } }));
    server.child.stdout.destroy();
    expect(await server.exited).toBe(1); // no shutdown request: the LSP's exit code for an abrupt end
    expect(server.stderr()).not.toMatch(/Error|\n\s+at /);
  });
});
