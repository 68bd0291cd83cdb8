/**
 * The CLI's one door into the checker, loaded lazily by `agentc check` (so `explain` and
 * `--help` never load the parser or the rules).
 */
import type { Diagnostic } from "../../language/diagnostics/diagnostic.ts";
import type { SourceFile } from "../../language/span.ts";
import { checkFiles } from "../check.ts";

export interface CheckOutcome {
  readonly diagnostics: readonly Diagnostic[];
  /** Source files by path (the paths diagnostics carry), imported files included. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Checks absolute `files` (and what they import) inside the workspace `root`. */
export function runCheck(files: readonly string[], options: { root: string }): CheckOutcome {
  return checkFiles(files, { root: options.root });
}
