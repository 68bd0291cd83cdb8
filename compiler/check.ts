/**
 * The checker's entry points. `checkFiles` loads a workspace (entry files and their
 * imports), runs every rule of `checks/all-checks.ts` on every file, and returns all
 * diagnostics — syntax ones included — sorted. `checkSource` does the same for one open
 * document whose text the caller holds (the language server).
 *
 * Phase gate: a file with syntax errors still gets every rule that reports something
 * present and wrong (undefined names, type errors, bad values), because the language
 * server wants them while the user types; rules that report something missing (a start,
 * an `else`, a handler, a way out, an unused declaration, an unbounded cycle) skip it,
 * since the parser may have dropped the very piece they would miss (`needsCompleteTree`).
 */
import { resolve } from "node:path";
import type * as A from "../language/ast.ts";
import { compareDiagnostics, type Diagnostic } from "../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../language/span.ts";
import { ALL_CHECKS } from "./checks/all-checks.ts";
import { createContext, type AgentContext, type CheckRule } from "./checks/context.ts";
import { buildStateGraph } from "./resolve/state-graph.ts";
import { buildSymbols, type ImportedTool } from "./resolve/symbols.ts";
import { loadWorkspace, type ReadFile, type Workspace, type WorkspaceFile } from "./workspace.ts";

/** Diagnostics kept per file; beyond this they are cascades nobody reads. */
export const MAX_DIAGNOSTICS_PER_FILE = 200;

export interface CheckOptions {
  /** Workspace root: imports may not leave it; relative paths are relative to it. Default: cwd. */
  readonly root?: string;
  readonly readFile?: ReadFile;
}

/** An agent that was checked, with what `lowerAgent` needs to build its IR. */
export interface CheckedAgent {
  readonly name: string;
  /** The path its diagnostics carry. */
  readonly path: string;
  /** Relative to the root, `/`-separated. */
  readonly relativePath: string;
  readonly file: A.AgentFile;
  readonly source: SourceFile;
  readonly importedTools: ReadonlyMap<string, { readonly tool: A.ToolDecl; readonly source: SourceFile; readonly relativePath: string }>;
  /** Errors in this file or in a file it imports: do not lower it. */
  readonly hasErrors: boolean;
}

export interface CheckResult {
  readonly diagnostics: Diagnostic[];
  /** Every file read, by the path diagnostics carry. */
  readonly sources: Map<string, SourceFile>;
  readonly agents: CheckedAgent[];
}

export function checkFiles(paths: readonly string[], options: CheckOptions = {}): CheckResult {
  const workspace = loadWorkspace(paths, { root: options.root ?? process.cwd(), readFile: options.readFile });
  return checkWorkspace(workspace);
}

/** Checks one document from its text (imports are read through `options.readFile` or the disk). */
export function checkSource(path: string, text: string, options: CheckOptions = {}): CheckResult {
  const root = options.root ?? process.cwd();
  const texts = new Map([[resolve(root, path), text]]);
  return checkWorkspace(loadWorkspace([path], { root, readFile: options.readFile, texts }));
}

export function checkWorkspace(workspace: Workspace): CheckResult {
  const byFile = new Map<string, Diagnostic[]>();
  const sources = new Map<string, SourceFile>();
  const add = (d: Diagnostic): void => {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  };
  workspace.diagnostics.forEach(add);
  for (const file of workspace.files.values()) {
    sources.set(file.path, file.parse.source);
    file.parse.diagnostics.forEach(add);
    checkFile(file, workspace.importedTools(file.path)).forEach(add);
  }
  const diagnostics: Diagnostic[] = [];
  for (const list of byFile.values()) diagnostics.push(...list.sort(compareDiagnostics).slice(0, MAX_DIAGNOSTICS_PER_FILE));
  diagnostics.sort(compareDiagnostics);
  return { diagnostics, sources, agents: checkedAgents(workspace, byFile) };
}

/** Runs the rules (by default all of them) on one parsed file. */
export function checkFile(file: WorkspaceFile, imports: readonly ImportedTool[], rules: readonly CheckRule[] = ALL_CHECKS): Diagnostic[] {
  const ast = file.parse.file;
  const source = file.parse.source;
  const hasSyntaxErrors = file.parse.diagnostics.some((d) => d.severity === "error");
  let agent: AgentContext | undefined;
  if (ast.agent !== undefined) {
    const symbols = buildSymbols(ast.agent, file.path, source, imports);
    agent = { decl: ast.agent, symbols, graph: buildStateGraph(symbols), scope: { input: symbols.input, results: symbols.results }, imports };
  }
  const toolDecls = [...ast.tools, ...(ast.agent?.members.filter((m): m is A.ToolDecl => m.kind === "ToolDecl") ?? [])];
  const sink: Diagnostic[] = [];
  const context = createContext({ file: file.path, source, ast, agent, toolDecls, hasSyntaxErrors }, sink);
  for (const rule of rules) {
    if (rule.needsCompleteTree && hasSyntaxErrors) continue;
    rule.run(context);
  }
  return sink;
}

function checkedAgents(workspace: Workspace, byFile: ReadonlyMap<string, readonly Diagnostic[]>): CheckedAgent[] {
  const agents: CheckedAgent[] = [];
  const hasErrors = (path: string): boolean => (byFile.get(path) ?? []).some((d) => d.severity === "error");
  for (const file of workspace.files.values()) {
    const agent = file.parse.file.agent;
    if (!file.entry || agent === undefined) continue;
    const importedTools = new Map<string, { tool: A.ToolDecl; source: SourceFile; relativePath: string }>();
    for (const tool of workspace.importedTools(file.path)) {
      if (!importedTools.has(tool.name.name))
        importedTools.set(tool.name.name, { tool: tool.decl, source: tool.source, relativePath: workspace.files.get(tool.file)?.relativePath ?? tool.file });
    }
    const closure = importClosure(workspace, file.path);
    agents.push({
      name: agent.name.name,
      path: file.path,
      relativePath: file.relativePath,
      file: file.parse.file,
      source: file.parse.source,
      importedTools,
      hasErrors: [...closure].some(hasErrors),
    });
  }
  return agents;
}

function importClosure(workspace: Workspace, path: string): Set<string> {
  const seen = new Set([path]);
  const work = [path];
  while (work.length > 0) {
    for (const { target } of workspace.files.get(work.pop()!)?.imports ?? []) {
      if (target !== undefined && !seen.has(target)) {
        seen.add(target);
        work.push(target);
      }
    }
  }
  return seen;
}
