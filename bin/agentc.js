#!/usr/bin/env node
// The `agentc` command. In a clone the TypeScript sources run directly (Node >= 22.18 strips
// types); an installed package has no sources, only the compiled dist/ (and Node does not
// strip types under node_modules anyway). Sources win when present, so a stale dist/ left by
// `npm run build` in a clone is never used.
import { existsSync } from "node:fs";
import module from "node:module";

// Node's on-disk compile cache roughly halves start-up after the first run
// (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
module.enableCompileCache?.();

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `error: agentc needs Node.js >= 22.18 (this is ${process.version}); in a clone, run it through npm scripts or npx, which use the pinned Node 24\n`,
  );
  process.exit(2);
}

const source = new URL("../compiler/cli/main.ts", import.meta.url);
const entry = existsSync(source) && !source.pathname.includes("/node_modules/") ? source : new URL("../dist/compiler/cli/main.js", import.meta.url);
const { run } = await import(entry.href);
await run(process.argv);
