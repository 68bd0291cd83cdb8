/**
 * Document URIs and the paths the compiler works with. A `file:` URI maps to its path;
 * any other scheme (an unsaved editor, a diff view) maps to a path under a folder that
 * does not exist, so it is checked on its own and its imports report as not found.
 */
import { fileURLToPath, pathToFileURL } from "node:url";
import type { TextDocument } from "vscode-languageserver-textdocument";

export const VIRTUAL_ROOT = "/__agentc_virtual__";

export function uriToPath(uri: string): string {
  if (uri.startsWith("file:")) {
    try {
      return fileURLToPath(uri);
    } catch {
      // fall through: a malformed file URI is treated like any other scheme
    }
  }
  const name = uri.replace(/[^A-Za-z0-9._-]+/g, "_").slice(-120);
  return `${VIRTUAL_ROOT}/${name.endsWith(".agent") ? name : `${name}.agent`}`;
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Ours: a `.agent` path whatever the language id, or the `agent` language id. */
export function isAgentDocument(document: Pick<TextDocument, "uri" | "languageId">): boolean {
  return document.languageId === "agent" || /\.agent$/i.test(document.uri.split(/[?#]/)[0] ?? "");
}
