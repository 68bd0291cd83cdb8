/**
 * `agentc prompts diff <file>`: renders the agent's prompts for its example inputs at git
 * HEAD and in the working tree and prints the differences as unified diffs. Exit 0 either
 * way (a diff is information, not a failure); 2 outside git or for an unreadable file.
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { describeFsError, EXIT_OK, UsageError } from "../errors.ts";
import { out } from "../output.ts";

export async function promptsDiffCommand(file: string): Promise<number> {
  const path = resolve(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFsError(error)}`);
  }
  const { diffRenderings, PromptsDiffError, readAtHead, renderPrompts } = await import("../../prompts-diff.ts");
  const shown = relative(process.cwd(), path) || file;
  try {
    const before = readAtHead(path);
    const after = renderPrompts(shown, text);
    const previous = before === undefined ? [] : renderPrompts(`${shown}@HEAD`, before);
    const diff = diffRenderings(shown, previous, after);
    if (before === undefined) out(`${shown} is not committed yet: every prompt is new`);
    out(diff === "" ? `no prompt renders differently from HEAD (${after.length} rendering(s) compared)` : diff);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof PromptsDiffError) throw new UsageError(error.message);
    throw error;
  }
}
