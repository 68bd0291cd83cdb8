/**
 * Finding the files a command works on: the workspace root, and the `.agent` files under
 * the paths given on the command line.
 */
import { closeSync, openSync, readdirSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describeFsError, UsageError } from "./errors.ts";

/** The nearest folder at or above `cwd` holding package.json or .git; `cwd` when there is none. */
export function findWorkspaceRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (exists(join(dir, "package.json")) || exists(join(dir, ".git"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}

/** `--root <dir>`: must be an existing directory. */
export function checkRoot(root: string, cwd: string): string {
  const abs = resolve(cwd, root);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch (error) {
    throw new UsageError(`--root ${root}: ${describeFsError(error)}`);
  }
  if (!isDir) throw new UsageError(`--root ${root}: not a directory`);
  return abs;
}

/**
 * Absolute paths of the `.agent` files named or found under `paths`, sorted, without
 * duplicates. Directories are searched recursively, skipping node_modules and dot-folders;
 * a file given directly is taken whatever its extension. A missing or unreadable path is a
 * `UsageError`.
 */
export function collectAgentFiles(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    const abs = resolve(cwd, path);
    let stat;
    try {
      stat = statSync(abs);
    } catch (error) {
      throw new UsageError(`cannot read ${path}: ${describeFsError(error)}`);
    }
    if (stat.isDirectory()) walk(abs, path, found, new Set());
    else {
      assertReadable(abs, path);
      found.add(abs);
    }
  }
  return [...found].sort();
}

function walk(dir: string, shown: string, found: Set<string>, visited: Set<string>): void {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${describeFsError(error)}`);
  }
  if (visited.has(real)) return; // a symlink cycle
  visited.add(real);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const abs = join(dir, entry.name);
    const shownChild = join(shown, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = statSync(abs);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        if (entry.name.endsWith(".agent")) throw new UsageError(`cannot read ${shownChild}: ${describeFsError(error)}`);
        continue; // a dangling link that is not an agent file is none of our business
      }
    }
    if (isDir) walk(abs, shownChild, found, visited);
    else if (isFile && entry.name.endsWith(".agent")) {
      assertReadable(abs, shownChild);
      found.add(abs);
    }
  }
}

function assertReadable(abs: string, shown: string): void {
  try {
    closeSync(openSync(abs, "r"));
  } catch (error) {
    throw new UsageError(`cannot read ${shown}: ${describeFsError(error)}`);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
