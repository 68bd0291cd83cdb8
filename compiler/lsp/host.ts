/**
 * The server's state: the open documents, the workspace roots, and the analyses built
 * from them. Every change (an edit, a file created or deleted on disk) bumps a generation;
 * analyses are cached for the current generation only, so each request sees the editor's
 * latest texts and the disk as it is now.
 */
import { readdirSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import { TextDocument, type TextDocumentContentChangeEvent } from "vscode-languageserver-textdocument";
import { findWorkspaceRoot } from "../cli/workspace.ts";
import { Analysis } from "./analysis.ts";
import { isAgentDocument, pathToUri, uriToPath, VIRTUAL_ROOT } from "./documents.ts";

/** Scanning a workspace folder for `.agent` files stops after this many directory entries. */
const MAX_SCANNED_ENTRIES = 20_000;

export interface OpenDocument {
  readonly uri: string;
  readonly path: string;
  document: TextDocument;
}

export class Host {
  #roots: string[] = [];
  #generation = 0;
  readonly #open = new Map<string, OpenDocument>();
  readonly #byPath = new Map<string, OpenDocument>();
  #analyses = new Map<string, Analysis>();
  /** The last analysis of each path from an earlier generation. */
  #previous = new Map<string, Analysis>();
  #projects = new Map<string, Analysis>();
  #projectFiles = new Map<string, string[]>();

  get generation(): number {
    return this.#generation;
  }

  setRoots(roots: readonly string[]): void {
    this.#roots = roots.map((r) => resolve(r)).sort((a, b) => b.length - a.length);
    this.invalidate(true);
  }

  /** Something changed: drop every analysis (and the file lists when files came or went). */
  invalidate(filesChanged = false): void {
    this.#generation += 1;
    for (const [path, analysis] of this.#analyses) this.#previous.set(path, analysis);
    this.#analyses = new Map();
    if (filesChanged) this.#previous = new Map();
    this.#projects = new Map();
    if (filesChanged) this.#projectFiles = new Map();
  }

  open(document: TextDocument): OpenDocument | undefined {
    if (!isAgentDocument(document)) return undefined;
    const entry: OpenDocument = { uri: document.uri, path: uriToPath(document.uri), document };
    this.#open.set(document.uri, entry);
    this.#byPath.set(entry.path, entry);
    this.invalidate();
    return entry;
  }

  /** Applies an edit (full or incremental) to an open document. */
  change(uri: string, changes: readonly TextDocumentContentChangeEvent[], version: number): OpenDocument | undefined {
    const entry = this.#open.get(uri);
    if (entry === undefined) return undefined;
    entry.document = TextDocument.update(entry.document, [...changes], version);
    this.invalidate();
    return entry;
  }

  close(uri: string): void {
    const entry = this.#open.get(uri);
    if (entry === undefined) return;
    this.#open.delete(uri);
    if (this.#byPath.get(entry.path) === entry) this.#byPath.delete(entry.path);
    this.#previous.delete(entry.path);
    this.invalidate();
  }

  get(uri: string): OpenDocument | undefined {
    return this.#open.get(uri);
  }

  openDocuments(): OpenDocument[] {
    return [...this.#open.values()];
  }

  /** The URI to show for a path: the open document's own when there is one. */
  uriOf(path: string): string {
    return this.#byPath.get(path)?.uri ?? pathToUri(path);
  }

  /** Imports must stay inside the root: the workspace folder holding the file, else the nearest package or git folder. */
  rootOf(path: string): string {
    if (path.startsWith(`${VIRTUAL_ROOT}/`)) return VIRTUAL_ROOT;
    for (const root of this.#roots) if (path.startsWith(root.endsWith(sep) ? root : root + sep)) return root;
    return findWorkspaceRoot(dirname(path));
  }

  /** The analysis of one file and what it imports. */
  analysisOf(path: string): Analysis {
    let analysis = this.#analyses.get(path);
    if (analysis === undefined) {
      analysis = Analysis.load([path], this.rootOf(path), this.#texts());
      this.#analyses.set(path, analysis);
    }
    return analysis;
  }

  /**
   * The current analysis if there is one, else the last one computed before the latest
   * change: for completion, which needs the names declared, not this keystroke's tree, and
   * must not wait for a parse.
   */
  recentAnalysisOf(path: string): Analysis {
    return this.#analyses.get(path) ?? this.#previous.get(path) ?? this.analysisOf(path);
  }

  /** Every `.agent` file under the file's root plus the open ones: for references, rename and workspace symbols. */
  projectOf(path: string): Analysis {
    const root = this.rootOf(path);
    let project = this.#projects.get(root);
    if (project === undefined) {
      const paths = new Set(this.#filesUnder(root));
      for (const open of this.#open.values()) if (this.rootOf(open.path) === root) paths.add(open.path);
      paths.add(path);
      project = Analysis.load([...paths].sort(), root, this.#texts());
      this.#projects.set(root, project);
    }
    return project;
  }

  /** One project per root that has open documents or is a workspace folder. */
  allProjects(): Analysis[] {
    const roots = new Set(this.#roots);
    for (const open of this.#open.values()) roots.add(this.rootOf(open.path));
    const out: Analysis[] = [];
    for (const root of roots) {
      const files = this.#filesUnder(root);
      const any = files[0] ?? [...this.#open.values()].find((o) => this.rootOf(o.path) === root)?.path;
      if (any !== undefined) out.push(this.projectOf(any));
    }
    return out;
  }

  #texts(): Map<string, string> {
    const texts = new Map<string, string>();
    for (const open of this.#open.values()) texts.set(open.path, open.document.getText());
    return texts;
  }

  #filesUnder(root: string): string[] {
    let files = this.#projectFiles.get(root);
    if (files === undefined) {
      files = root === VIRTUAL_ROOT ? [] : scanAgentFiles(root);
      this.#projectFiles.set(root, files);
    }
    return files;
  }
}

/** `.agent` files under `root`, skipping dot-folders and node_modules, bounded. */
export function scanAgentFiles(root: string): string[] {
  const found: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_SCANNED_ENTRIES) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++seen > MAX_SCANNED_ENTRIES) break;
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile() && entry.name.endsWith(".agent")) found.push(path);
    }
  }
  return found.sort();
}
