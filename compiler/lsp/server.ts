/**
 * The language server: wires the LSP connection to the host (open documents, analyses)
 * and to one function per feature. It adapts the compiler's front end and has no
 * analysis of its own. Every request handler is guarded: a cancelled request answers
 * `RequestCancelled`, and an unexpected failure on a broken document answers an empty
 * result (and is logged), never an error response or a crash.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  RequestType,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CompletionItem,
  type CompletionParams,
  type Connection,
  type DefinitionParams,
  type DocumentSymbol,
  type DocumentSymbolParams,
  type FoldingRange,
  type FoldingRangeParams,
  type DocumentFormattingParams,
  type Hover,
  type HoverParams,
  type InitializeResult,
  type Location,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type SemanticTokens,
  type SemanticTokensParams,
  type TextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { DIAGNOSTIC_CODES, isDiagnosticCode } from "../../language/diagnostics/codes.ts";
import type { Span } from "../../language/span.ts";
import type { Analysis } from "./analysis.ts";
import { toLspDiagnostic } from "./convert.ts";
import { codeActions } from "./features/code-actions.ts";
import { complete } from "./features/completion.ts";
import { FLOWCHART_REQUEST, flowchart, type FlowchartResult } from "./features/flowchart.ts";
import { foldingRanges } from "./features/folding.ts";
import { formatDocument } from "./features/formatting.ts";
import { hover } from "./features/hover.ts";
import { definition, references } from "./features/navigation.ts";
import { documentSymbols, workspaceSymbols } from "./features/outline.ts";
import { prepareRename, rename } from "./features/rename.ts";
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from "./features/semantic-tokens.ts";
import { Host, type OpenDocument } from "./host.ts";

/**
 * Diagnostics wait this long after a change that follows another within this time (a burst
 * of typing is checked once, for its last version)…
 */
export const DIAGNOSTICS_DEBOUNCE_MS = 10;
/** …and this long after a change that comes after a quiet spell (time for a request sent with it to be answered first). */
export const DIAGNOSTICS_FIRST_DELAY_MS = 5;

export interface ServerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** The folder of `<CODE>.md` pages that hover shows for a diagnostic. */
  readonly docsDir?: string;
}

export function startServer(options: ServerOptions): Connection {
  const connection = createConnection(options.input, options.output);
  const host = new Host();
  const explain = explainer(options.docsDir);
  const diagnostics = new DiagnosticsPublisher(connection, host);

  const log = (what: string, error: unknown): void => {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    connection.console.error(`agentc: ${what} failed: ${message}`);
  };

  /** Runs a request handler on an open `.agent` document; failures answer `fallback`. */
  const onDocument = <P extends { textDocument: { uri: string } }, R>(what: string, fallback: R, run: (open: OpenDocument, params: P, token: CancellationToken) => R) => {
    return async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      await new Promise((resolve) => setImmediate(resolve)); // let a $/cancelRequest sent right after arrive
      if (token.isCancellationRequested) return cancelled();
      const open = host.get(params.textDocument.uri);
      if (open === undefined) return fallback;
      try {
        return run(open, params, token);
      } catch (error) {
        if (error instanceof ResponseError) return error as ResponseError<void>;
        log(what, error);
        return fallback;
      }
    };
  };
  const offsetIn = (analysis: Analysis, open: OpenDocument, position: { line: number; character: number }): number =>
    analysis.file(open.path)?.parse.source.offsetAt(position) ?? open.document.offsetAt(position);

  let watchFiles = false;
  connection.onInitialize((params): InitializeResult => {
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    host.setRoots(folders.flatMap((uri) => (uri.startsWith("file:") ? [fileURLToPath(uri)] : [])));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [".", "@", ">", " ", "{"] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentFormattingProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: "agentc" },
    };
  });

  connection.onInitialized(() => {
    // clients that let the server ask (Neovim, Helix…) report .agent files created, changed or deleted on disk
    if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/*.agent" }] }).catch(() => undefined);
  });
  connection.onDidOpenTextDocument(({ textDocument }) => {
    const open = host.open(TextDocument.create(textDocument.uri, textDocument.languageId, textDocument.version, textDocument.text));
    if (open !== undefined) diagnostics.changed(open);
  });
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const open = host.change(textDocument.uri, contentChanges, textDocument.version ?? 0);
    if (open !== undefined) diagnostics.changed(open);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => {
    const open = host.get(textDocument.uri);
    host.close(textDocument.uri);
    if (open !== undefined) diagnostics.closed(open);
  });
  connection.onDidChangeWatchedFiles(() => {
    host.invalidate(true);
    diagnostics.recheckAll();
  });

  connection.onCompletion(
    onDocument<CompletionParams, CompletionItem[]>("completion", [], (open, params) => {
      // the latest analysis at hand (at most one edit behind): completion never waits for a parse
      const analysis = host.recentAnalysisOf(open.path);
      const text = open.document.getText();
      return complete(text, open.document.offsetAt(params.position), analysis.symbols(open.path));
    }),
  );
  connection.onHover(
    onDocument<HoverParams, Hover | null>("hover", null, (open, params) => {
      const analysis = host.analysisOf(open.path);
      return hover(analysis, open.path, offsetIn(analysis, open, params.position), explain);
    }),
  );
  connection.onDefinition(
    onDocument<DefinitionParams, Location | null>("definition", null, (open, params) => {
      // a declaration is in the file or in what it imports: no need to load the project
      const analysis = host.analysisOf(open.path);
      return definition(analysis, open.path, offsetIn(analysis, open, params.position), (p) => host.uriOf(p));
    }),
  );
  connection.onReferences(
    onDocument<ReferenceParams, Location[]>("references", [], (open, params) => {
      const project = host.projectOf(open.path);
      return references(project, open.path, offsetIn(project, open, params.position), params.context.includeDeclaration, (p) => host.uriOf(p));
    }),
  );
  connection.onPrepareRename(
    onDocument<PrepareRenameParams, { range: Range; placeholder: string } | null>("prepareRename", null, (open, params) => {
      const project = host.projectOf(open.path);
      return prepareRename(project, open.path, offsetIn(project, open, params.position));
    }),
  );
  connection.onRenameRequest(
    onDocument<RenameParams, WorkspaceEdit | null>("rename", null, (open, params) => {
      const project = host.projectOf(open.path);
      return rename(project, open.path, offsetIn(project, open, params.position), params.newName, (p) => host.uriOf(p));
    }),
  );
  connection.onDocumentSymbol(onDocument<DocumentSymbolParams, DocumentSymbol[]>("documentSymbol", [], (open) => documentSymbols(host.analysisOf(open.path), open.path)));
  connection.onWorkspaceSymbol(async (params, token) => {
    await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return cancelled();
    try {
      return workspaceSymbols(host.allProjects(), params.query, (p) => host.uriOf(p), () => token.isCancellationRequested);
    } catch (error) {
      log("workspaceSymbol", error);
      return [];
    }
  });
  connection.onDocumentFormatting(
    onDocument<DocumentFormattingParams, TextEdit[]>("formatting", [], (open) => {
      const parsed = host.analysisOf(open.path).file(open.path)?.parse;
      return parsed === undefined ? [] : formatDocument(parsed);
    }),
  );
  connection.languages.semanticTokens.on(
    onDocument<SemanticTokensParams, SemanticTokens>("semanticTokens", { data: [] }, (open) => {
      const analysis = host.analysisOf(open.path);
      const file = analysis.file(open.path);
      return file === undefined ? { data: [] } : semanticTokens(file.parse.source, analysis.index.byFile.get(open.path) ?? []);
    }),
  );
  connection.onFoldingRanges(
    onDocument<FoldingRangeParams, FoldingRange[]>("foldingRange", [], (open) => {
      const parsed = host.analysisOf(open.path).file(open.path)?.parse;
      return parsed === undefined ? [] : foldingRanges(parsed);
    }),
  );
  connection.onCodeAction(onDocument<CodeActionParams, CodeAction[]>("codeAction", [], (open, params) => codeActions(host.analysisOf(open.path), open.path, open.uri, params.context.diagnostics)));

  connection.onRequest(
    new RequestType<{ textDocument: { uri: string } }, FlowchartResult | null, void>(FLOWCHART_REQUEST),
    onDocument<{ textDocument: { uri: string } }, FlowchartResult | null>("flowchart", null, (open) => flowchart(host.analysisOf(open.path), open.path)),
  );

  connection.listen();
  return connection;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, "request cancelled");
}

/**
 * Publishes each open document's diagnostics once per change, stamped with the version
 * they were computed for, debounced (5 ms after a first change, 10 ms within a burst).
 * Documents that import a changed one are rechecked too, and republished only when their
 * diagnostics changed.
 */
class DiagnosticsPublisher {
  readonly #connection: Connection;
  readonly #host: Host;
  readonly #timers = new Map<string, { timer: NodeJS.Timeout; force: boolean }>();
  readonly #lastChange = new Map<string, number>();
  readonly #published = new Map<string, string>();
  /** The paths each open document's last analysis read (itself and its imports). */
  readonly #reads = new Map<string, ReadonlySet<string>>();

  constructor(connection: Connection, host: Host) {
    this.#connection = connection;
    this.#host = host;
  }

  changed(open: OpenDocument): void {
    this.#schedule(open.uri, true);
    for (const other of this.#host.openDocuments()) if (other.uri !== open.uri && this.#reads.get(other.uri)?.has(open.path)) this.#schedule(other.uri, false);
  }

  closed(open: OpenDocument): void {
    const pending = this.#timers.get(open.uri);
    if (pending !== undefined) clearTimeout(pending.timer);
    this.#timers.delete(open.uri);
    this.#published.delete(open.uri);
    this.#reads.delete(open.uri);
    this.#connection.sendDiagnostics({ uri: open.uri, diagnostics: [] });
    for (const other of this.#host.openDocuments()) if (this.#reads.get(other.uri)?.has(open.path)) this.#schedule(other.uri, false);
  }

  recheckAll(): void {
    for (const open of this.#host.openDocuments()) this.#schedule(open.uri, false);
  }

  #schedule(uri: string, force: boolean): void {
    const pending = this.#timers.get(uri);
    if (pending !== undefined) clearTimeout(pending.timer);
    const forced = force || pending?.force === true;
    const now = performance.now();
    const burst = now - (this.#lastChange.get(uri) ?? -Infinity) < DIAGNOSTICS_DEBOUNCE_MS;
    this.#lastChange.set(uri, now);
    const timer = setTimeout(
      () => {
        this.#timers.delete(uri);
        this.#publish(uri, forced);
      },
      burst ? DIAGNOSTICS_DEBOUNCE_MS : DIAGNOSTICS_FIRST_DELAY_MS,
    );
    this.#timers.set(uri, { timer, force: forced });
  }

  #publish(uri: string, force: boolean): void {
    const open = this.#host.get(uri);
    if (open === undefined) return;
    let list: ReturnType<typeof toLspDiagnostic>[] = [];
    try {
      const analysis = this.#host.analysisOf(open.path);
      this.#reads.set(uri, new Set(analysis.workspace.files.keys()));
      const source = analysis.file(open.path)?.parse.source;
      const related = (file: string, span: Span) => {
        const other = analysis.file(file)?.parse.source;
        return other === undefined ? undefined : { uri: this.#host.uriOf(file), range: { start: other.positionAt(span.start), end: other.positionAt(span.end) } };
      };
      if (source !== undefined) list = analysis.check.diagnostics.filter((d) => d.file === open.path).map((d) => toLspDiagnostic(d, source, related));
    } catch (error) {
      this.#connection.console.error(`agentc: checking ${open.path} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    const key = JSON.stringify(list);
    if (!force && this.#published.get(uri) === key) return;
    this.#published.set(uri, key);
    void this.#connection.sendDiagnostics({ uri, version: open.document.version, diagnostics: list });
  }
}

/** Reads `<docsDir>/<CODE>.md` (without its title line); falls back to the registry's text. */
function explainer(docsDir: string | undefined): (code: string) => string {
  const cache = new Map<string, string>();
  return (code) => {
    let page = cache.get(code);
    if (page === undefined) {
      page = "";
      if (docsDir !== undefined) {
        try {
          page = readFileSync(join(docsDir, `${code}.md`), "utf8").replace(/^# [^\n]*\n+/, "").trim();
        } catch {
          // no page: the registry's text below
        }
      }
      if (page === "" && isDiagnosticCode(code)) {
        const entry: { title: string; help?: string } = DIAGNOSTIC_CODES[code];
        page = `${entry.title}${entry.help === undefined ? "" : `\n\n${entry.help}`}`;
      }
      cache.set(code, page);
    }
    return page;
  };
}
