/**
 * `agentc lsp --stdio`: the language server over stdin/stdout. stdout carries protocol
 * only, so anything that would print to it (console.log in a dependency) goes to stderr.
 */
import { join } from "node:path";
import { UsageError } from "../errors.ts";
import { packageInfo } from "../package-root.ts";

export interface LspOptions {
  readonly stdio?: boolean;
}

export async function lspCommand(options: LspOptions): Promise<number> {
  if (options.stdio !== true) throw new UsageError("the language server talks over stdin/stdout: run `agentc lsp --stdio`");
  const toStderr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map((a) => (typeof a === "string" ? a : String(a))).join(" ")}\n`);
  };
  console.log = console.info = console.warn = console.debug = toStderr;
  const { startServer } = await import("../../lsp/server.ts");
  startServer({ input: process.stdin, output: process.stdout, docsDir: join(packageInfo().root, "docs", "diagnostics") });
  return 0;
}
