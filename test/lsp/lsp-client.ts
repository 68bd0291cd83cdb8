/**
 * Test support: the real language server (`agentc lsp --stdio`) as a child process, driven
 * over stdio by a JSON-RPC client, and fixture workspaces whose cursor markers (`<|>` or
 * `<|name|>`) are stripped on the way to a temporary folder.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection } from "vscode-languageserver-protocol/node";
import type { InitializeResult, Position, PublishDiagnosticsParams, ServerCapabilities } from "vscode-languageserver-protocol";

export const BIN = fileURLToPath(new URL("../../bin/agentc.js", import.meta.url));
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

const MARKER = /<\|(?:(\w+)\|)?>/g;

/** Text without its markers, and each marker's position (unnamed ones are "" ). */
export function stripMarkers(marked: string): { text: string; markers: Map<string, Position> } {
  const markers = new Map<string, Position>();
  let text = "";
  let last = 0;
  for (const match of marked.matchAll(MARKER)) {
    text += marked.slice(last, match.index);
    last = match.index + match[0].length;
    const lines = text.split("\n");
    markers.set(match[1] ?? "", { line: lines.length - 1, character: lines.at(-1)!.length });
  }
  return { text: text + marked.slice(last), markers };
}

export interface FixtureWorkspace {
  readonly root: string;
  /** Stripped text of a file, by path relative to the root. */
  text(file: string): string;
  /** A marker's position in a file. */
  at(file: string, marker?: string): Position;
  uri(file: string): string;
  path(file: string): string;
  dispose(): void;
}

/** Copies `test/lsp/fixtures/<name>/` to a temporary folder with the markers stripped. */
export function fixtureWorkspace(name: string): FixtureWorkspace {
  const root = mkdtempSync(join(tmpdir(), `agentc-lsp-${name}-`));
  cpSync(join(FIXTURES, name), root, { recursive: true });
  const files = new Map<string, { text: string; markers: Map<string, Position> }>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) visit(path);
      else if (entry.endsWith(".agent")) {
        const stripped = stripMarkers(readFileSync(path, "utf8"));
        writeFileSync(path, stripped.text);
        files.set(relative(root, path), stripped);
      }
    }
  };
  visit(root);
  const get = (file: string) => {
    const found = files.get(file);
    if (found === undefined) throw new Error(`no fixture file ${file}`);
    return found;
  };
  return {
    root,
    text: (file) => get(file).text,
    at: (file, marker = "") => {
      const position = get(file).markers.get(marker);
      if (position === undefined) throw new Error(`no marker <|${marker}|> in ${file}`);
      return position;
    },
    uri: (file) => pathToFileURL(join(root, file)).href,
    path: (file) => join(root, file),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  stderr = "";
  /** window/logMessage texts (the server logs a request that failed inside it here). */
  readonly logs: string[] = [];
  /** What the server answered to `initialize`. */
  capabilities: ServerCapabilities = {};
  readonly #waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  readonly #versions = new Map<string, number>();

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.process = child;
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(params)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification("window/logMessage", (params: { message: string }) => {
      this.logs.push(params.message);
    });
    this.connection.listen();
  }

  /** Starts the server (by default `agentc lsp --stdio`; `args` runs another entry, e.g. the bundled one) and initializes it. */
  static async start(root: string, args: readonly string[] = [BIN, "lsp", "--stdio"]): Promise<LspClient> {
    const child = spawn(process.execPath, [...args], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    const client = new LspClient(child);
    const result: InitializeResult = await client.connection.sendRequest("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "fixture" }],
      capabilities: {},
    });
    client.capabilities = result.capabilities;
    await client.connection.sendNotification("initialized", {});
    return client;
  }

  async open(uri: string, text: string, languageId = "agent"): Promise<void> {
    this.#versions.set(uri, 1);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (full sync); returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.#versions.get(uri) ?? 0) + 1;
    this.#versions.set(uri, version);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /** An incremental edit; returns the new version. */
  async edit(uri: string, range: { start: Position; end: Position }, text: string): Promise<number> {
    const version = (this.#versions.get(uri) ?? 0) + 1;
    this.#versions.set(uri, version);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range, text }] });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  }

  /** The diagnostics published for `uri` at `version` (waits for them). */
  diagnostics(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const match = (p: PublishDiagnosticsParams) => p.uri === uri && p.version === version;
    const done = this.published.find(match);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** The next diagnostics published for `uri` that satisfy `match`. */
  nextDiagnostics(uri: string, match: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.#waiters.push({ match: (p) => p.uri === uri && match(p), resolve }));
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.process.kill();
    }
    await exited;
    this.connection.dispose();
  }
}
