/**
 * `npm run vsix`: type-checks the VS Code extension, bundles its client and the language
 * server with esbuild, copies the diagnostic pages and Mermaid beside them, and packages
 * vscode-extension/dist/agentc-vscode-<version>.vsix with `vsce package --no-dependencies`
 * (offline, no prompts).
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const extension = join(root, "vscode-extension");
const dist = join(extension, "dist");
const require = createRequire(import.meta.url);

function run(what: string, args: string[], cwd = root): void {
  const result = spawnSync(process.execPath, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`npm run vsix: ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "media"), { recursive: true });

const tsc = join(dirname(require.resolve("typescript/package.json")), "bin", "tsc");
run("type-checking the extension", [tsc, "--noEmit", "-p", join(extension, "tsconfig.json")]);

const common = { bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: false, minify: true, logLevel: "warning" } as const;
await build({ ...common, entryPoints: [join(extension, "src", "extension.ts")], outfile: join(dist, "extension.js"), external: ["vscode"] });
await build({ ...common, entryPoints: [join(extension, "src", "server.ts")], outfile: join(dist, "server.js") });

cpSync(join(root, "docs", "diagnostics"), join(dist, "diagnostics"), { recursive: true });
copyFileSync(join(dirname(require.resolve("mermaid/package.json")), "dist", "mermaid.min.js"), join(dist, "media", "mermaid.min.js"));

const { version } = JSON.parse(readFileSync(join(extension, "package.json"), "utf8")) as { version: string };
const out = join(dist, `agentc-vscode-${version}.vsix`);
const vsce = join(dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
run("vsce package", [vsce, "package", "--no-dependencies", "--out", out], extension);
console.log(`wrote ${out}`);
