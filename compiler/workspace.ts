/**
 * Loading a workspace: the entry files and every file they import, transitively. Imports
 * are resolved relative to the importing file and must stay inside `root`. Import
 * problems (missing, unreadable, outside the root, cycles, names a file does not declare),
 * agent files without exactly one agent, and agent names used twice are reported here.
 *
 * Paths: an entry path is kept as given (it is the `file` its diagnostics carry); a
 * relative one is relative to `root`. Imported files get paths of the same form.
 */
import { readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from "node:path";
import type * as A from "../language/ast.ts";
import { diagnostic, type Diagnostic } from "../language/diagnostics/diagnostic.ts";
import { parse, parseBytes, type ParseResult } from "../language/parse.ts";
import type { Span } from "../language/span.ts";
import type { ImportedTool } from "./resolve/symbols.ts";

/** Reads a file: its bytes, `undefined` when it does not exist; throws when it cannot be read. */
export type ReadFile = (absolutePath: string) => Uint8Array | undefined;

export interface WorkspaceOptions {
  readonly root: string;
  readonly readFile?: ReadFile;
  /** Texts that win over the file system, by absolute path (documents open in an editor). */
  readonly texts?: ReadonlyMap<string, string>;
}

export interface WorkspaceFile {
  /** The path diagnostics carry (see the module comment). */
  readonly path: string;
  readonly absolutePath: string;
  /** Path relative to the root, `/`-separated (for generated output and messages). */
  readonly relativePath: string;
  readonly parse: ParseResult;
  /** Passed in directly, rather than only imported. */
  readonly entry: boolean;
  /** Import declarations and the workspace path each resolved to (undefined if it did not). */
  readonly imports: readonly { readonly decl: A.ImportDecl; readonly target: string | undefined }[];
}

export interface Workspace {
  readonly root: string;
  /** Entries first (in the order given), then imported files in the order they were found. */
  readonly files: ReadonlyMap<string, WorkspaceFile>;
  /** Import and workspace diagnostics (syntax diagnostics stay in each file's `parse`). */
  readonly diagnostics: readonly Diagnostic[];
  /** The tools a file's imports bring in, by the name they are imported as. */
  importedTools(path: string): ImportedTool[];
}

const NO_SPAN: Span = { start: 0, end: 0 };

export function loadWorkspace(paths: readonly string[], options: WorkspaceOptions): Workspace {
  const root = resolve(options.root);
  const read = options.readFile ?? readFromDisk;
  const files = new Map<string, WorkspaceFile>();
  const diagnostics: Diagnostic[] = [];
  const absolute = (path: string): string => resolve(root, path);

  const load = (path: string, entry: boolean): WorkspaceFile | undefined => {
    const existing = files.get(path);
    if (existing !== undefined) return existing;
    const abs = absolute(path);
    const text = options.texts?.get(abs);
    if (text !== undefined) {
      const file: WorkspaceFile = { path, absolutePath: abs, relativePath: displayName(root, abs), parse: parse(path, text), entry, imports: [] };
      files.set(path, file);
      return file;
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = read(abs);
    } catch (error) {
      if (entry) diagnostics.push(diagnostic("AGC2020", [displayName(root, abs), describeError(error)], { file: path, span: NO_SPAN }));
      throw error;
    }
    if (bytes === undefined) {
      if (entry) diagnostics.push(diagnostic("AGC2011", [displayName(root, abs)], { file: path, span: NO_SPAN }));
      return undefined;
    }
    const file: WorkspaceFile = { path, absolutePath: abs, relativePath: displayName(root, abs), parse: parseBytes(path, bytes), entry, imports: [] };
    files.set(path, file);
    return file;
  };

  const queue: WorkspaceFile[] = [];
  for (const raw of paths) {
    const path = normalize(raw);
    if (files.has(path)) continue;
    try {
      const file = load(path, true);
      if (file !== undefined) queue.push(file);
    } catch {
      // reported above
    }
  }
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    const imports: { decl: A.ImportDecl; target: string | undefined }[] = [];
    for (const decl of file.parse.file.imports) {
      const target = resolveImport(file, decl);
      imports.push({ decl, target });
      if (target !== undefined && files.has(target) && !queue.includes(files.get(target)!)) queue.push(files.get(target)!);
    }
    (file as unknown as { imports: typeof imports }).imports = imports;
  }

  function resolveImport(from: WorkspaceFile, decl: A.ImportDecl): string | undefined {
    const spec = decl.from.value;
    const at = { file: from.path, span: decl.from.span };
    if (spec === "") return undefined;
    const path = isAbsolute(spec) ? normalize(spec) : isAbsolute(from.path) ? resolve(dirname(from.path), spec) : normalize(join(dirname(from.path), spec));
    const abs = absolute(path);
    // Symlinks must not lead out of the root either.
    if (!isInside(root, abs) || !isInside(realOrSelf(root), realOrSelf(abs))) {
      diagnostics.push(diagnostic("AGC2013", [spec, displayRoot(root)], at));
      return undefined;
    }
    if (files.has(path)) return path;
    try {
      const file = load(path, false);
      if (file === undefined) {
        diagnostics.push(diagnostic("AGC2011", [spec], at));
        return undefined;
      }
      return path;
    } catch (error) {
      diagnostics.push(diagnostic("AGC2020", [spec, describeError(error)], at));
      return undefined;
    }
  }

  reportCycles(files, diagnostics);
  const exported = exportedTools(files, diagnostics);
  reportAgentShape(files, diagnostics, root);
  return {
    root,
    files,
    diagnostics,
    importedTools: (path) => exported.get(path) ?? [],
  };
}

/** One diagnostic per import that closes a cycle, at the `from` string of that import. */
function reportCycles(files: ReadonlyMap<string, WorkspaceFile>, diagnostics: Diagnostic[]): void {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (path: string): void => {
    state.set(path, "active");
    stack.push(path);
    for (const { decl, target } of files.get(path)?.imports ?? []) {
      if (target === undefined) continue;
      const seen = state.get(target);
      if (seen === "active") {
        const cycle = [...stack.slice(stack.indexOf(target)), target].map((p) => files.get(p)?.relativePath ?? p);
        diagnostics.push(diagnostic("AGC2012", [cycle.join(" -> ")], { file: path, span: decl.from.span }));
      } else if (seen === undefined) visit(target);
    }
    stack.pop();
    state.set(path, "done");
  };
  for (const path of files.keys()) if (!state.has(path)) visit(path);
}

/** For each file, the tools its imports bring in; a name a file does not provide is AGC2014. */
function exportedTools(files: ReadonlyMap<string, WorkspaceFile>, diagnostics: Diagnostic[]): Map<string, ImportedTool[]> {
  const out = new Map<string, ImportedTool[]>();
  // A file provides its top-level tools and, in turn, what it imports (re-export).
  const provides = (path: string, name: string, visiting: Set<string>): ImportedTool | undefined => {
    const file = files.get(path);
    if (file === undefined || visiting.has(path)) return undefined;
    visiting.add(path);
    const tool = file.parse.file.tools.find((t) => t.name.name === name);
    if (tool !== undefined) return { name: tool.name, decl: tool, file: file.path, source: file.parse.source };
    for (const { decl, target } of file.imports) {
      if (target === undefined || !decl.names.some((n) => n.name === name)) continue;
      const found = provides(target, name, visiting);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  for (const file of files.values()) {
    const list: ImportedTool[] = [];
    for (const { decl, target } of file.imports) {
      if (target === undefined) continue;
      for (const name of decl.names) {
        if (name.name === "") continue;
        const found = provides(target, name.name, new Set([file.path]));
        if (found !== undefined) list.push({ ...found, name });
        else if (!files.get(target)!.parse.diagnostics.some((d) => d.severity === "error"))
          diagnostics.push(diagnostic("AGC2014", [decl.from.value, name.name], { file: file.path, span: name.span }));
      }
    }
    out.set(file.path, list);
  }
  return out;
}

/** Agent files hold exactly one agent and no top-level tools; agent names are unique. */
function reportAgentShape(files: ReadonlyMap<string, WorkspaceFile>, diagnostics: Diagnostic[], root: string): void {
  const names = new Map<string, WorkspaceFile>();
  for (const file of files.values()) {
    const ast = file.parse.file;
    const broken = file.parse.diagnostics.some((d) => d.severity === "error");
    if (ast.agent !== undefined) {
      for (const tool of ast.tools) {
        diagnostics.push(diagnostic("AGC2017", ["a file with an agent declares its tools inside the agent, not beside it"], { file: file.path, span: tool.name.span }));
      }
      const name = ast.agent.name;
      if (!file.entry || name.name === "") continue;
      const first = names.get(name.name);
      if (first === undefined) names.set(name.name, file);
      else
        diagnostics.push(
          diagnostic("AGC2019", [name.name], { file: file.path, span: name.span, related: [{ file: first.path, span: first.parse.file.agent!.name.span, message: "the other agent is here" }] }),
        );
    } else if (file.entry && !broken && isAgentsFolderFile(root, file.absolutePath)) {
      const what = ast.tools.length > 0 ? "holds only tools: shared tools belong in a subfolder such as agents/shared/" : "declares no agent";
      diagnostics.push(diagnostic("AGC2017", [`this file is directly under agents/ and ${what}`], { file: file.path, span: NO_SPAN }));
    }
  }
}

/** `<root>/agents/x.agent` (or any `agents/` folder's direct child). */
function isAgentsFolderFile(root: string, abs: string): boolean {
  return basename(dirname(abs)) === "agents" && isInside(root, abs);
}

function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function displayName(root: string, abs: string): string {
  const rel = relative(root, abs);
  return isInside(root, abs) ? rel.split(sep).join("/") : abs.split(sep).join("/");
}

function displayRoot(root: string): string {
  return basename(root) === "" ? root : basename(root);
}

function readFromDisk(abs: string): Uint8Array | undefined {
  let stat;
  try {
    stat = statSync(abs);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  if (stat.isDirectory()) throw new Error("it is a directory");
  return readFileSync(abs);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  if (error instanceof Error) return error.message;
  return String(error);
}
