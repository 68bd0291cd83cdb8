/**
 * The bundled language server's entry (esbuild makes dist/server.js of it): the same
 * server as `agentc lsp --stdio`, with the diagnostic pages copied next to it.
 */
import { join } from "node:path";
import { startServer } from "../../compiler/lsp/server.ts";

// stdout carries protocol only
const toStderr = (...args: unknown[]): void => {
  process.stderr.write(`${args.map(String).join(" ")}\n`);
};
console.log = console.info = console.warn = console.debug = toStderr;

startServer({ input: process.stdin, output: process.stdout, docsDir: join(__dirname, "diagnostics") });
