/**
 * `npm run build`: compiles language/, compiler/ and runtime/ to JS + .d.ts in dist/ with
 * tsc (tsconfig.build.json; relative `.ts` imports are rewritten to `.js`). dist/ is
 * removed first so no file of a deleted source survives. Run by `prepack`, so `npm pack`
 * always ships a fresh build.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tscBin = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");
const result = spawnSync(process.execPath, [tscBin, "-p", join(root, "tsconfig.build.json")], { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  console.error(`build failed: tsc exited with ${result.status ?? result.signal}`);
  process.exit(1);
}
for (const entry of ["compiler/index.js", "compiler/index.d.ts", "compiler/cli/main.js", "runtime/index.js", "runtime/index.d.ts"]) {
  if (!existsSync(join(dist, entry))) {
    console.error(`build failed: dist/${entry} was not emitted`);
    process.exit(1);
  }
}
console.log(`built ${dist}`);
