/**
 * The folder of agentc's own package.json, found from this module's URL so it is right in a
 * clone (compiler/cli/*.ts) and in an installed package (dist/compiler/cli/*.js) alike.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let cached: { root: string; version: string } | undefined;

export function packageInfo(): { root: string; version: string } {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; version?: string };
      if (json.name === "agentc") return (cached = { root: dir, version: json.version ?? "0.0.0" });
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find agentc's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
