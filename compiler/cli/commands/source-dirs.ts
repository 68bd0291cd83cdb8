/** The folders a command reads `.agent` files from (a file's own folder when a file is given). */
import { statSync } from "node:fs";
import { dirname, resolve } from "node:path";

export function sourceDirectories(paths: readonly string[], cwd: string): string[] {
  return paths.map((path) => {
    const abs = resolve(cwd, path);
    try {
      return statSync(abs).isDirectory() ? abs : dirname(abs);
    } catch {
      return abs;
    }
  });
}
