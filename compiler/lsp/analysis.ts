/**
 * One snapshot of the compiler's view of some files: the loaded workspace (entry files,
 * their imports, the editor's texts winning over the disk), and — computed on first use —
 * the checker's diagnostics and the symbol index. A snapshot never changes; the host
 * drops it when any text or file on disk changes.
 */
import { checkWorkspace, type CheckResult } from "../check.ts";
import { loadWorkspace, type Workspace, type WorkspaceFile } from "../workspace.ts";
import { buildSymbols, type AgentSymbols } from "../resolve/symbols.ts";
import { buildIndex, type SymbolIndex } from "./symbol-index.ts";

export class Analysis {
  readonly workspace: Workspace;
  #check: CheckResult | undefined;
  #index: SymbolIndex | undefined;
  readonly #symbols = new Map<string, AgentSymbols | undefined>();

  constructor(workspace: Workspace) {
    this.workspace = workspace;
  }

  static load(paths: readonly string[], root: string, texts: ReadonlyMap<string, string>): Analysis {
    return new Analysis(loadWorkspace(paths, { root, texts }));
  }

  get check(): CheckResult {
    this.#check ??= checkWorkspace(this.workspace);
    return this.#check;
  }

  get index(): SymbolIndex {
    this.#index ??= buildIndex(this.workspace);
    return this.#index;
  }

  /** The compiler's symbol tables of a file's agent (undefined for a library file). */
  symbols(path: string): AgentSymbols | undefined {
    if (this.#index !== undefined) return this.#index.symbols.get(path);
    if (!this.#symbols.has(path)) {
      const file = this.workspace.files.get(path);
      const agent = file?.parse.file.agent;
      this.#symbols.set(path, file === undefined || agent === undefined ? undefined : buildSymbols(agent, path, file.parse.source, this.workspace.importedTools(path)));
    }
    return this.#symbols.get(path);
  }

  file(path: string): WorkspaceFile | undefined {
    return this.workspace.files.get(path);
  }

  /** Whether `path` is one of the files this snapshot read. */
  reads(path: string): boolean {
    return this.workspace.files.has(path);
  }
}
