/**
 * The one place generated files reach the disk. Each agent's folder is written complete
 * into a temporary sibling and then swapped in with renames, so an interrupted or failed
 * build never leaves a half-written folder; `compareOutputs` powers `build --check`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Relative path (with `/`) → content. */
export type OutputFiles = ReadonlyMap<string, string | Uint8Array>;

export class OutputError extends Error {}

/** Replaces `<outDir>/<folder>/` with exactly `files`, atomically per folder. */
export function writeFolder(outDir: string, folder: string, files: OutputFiles): void {
  const target = join(outDir, folder);
  const nonce = `${process.pid}-${Date.now().toString(36)}`;
  const temporary = join(outDir, `.${folder}.tmp-${nonce}`);
  const previous = join(outDir, `.${folder}.old-${nonce}`);
  try {
    mkdirSync(outDir, { recursive: true });
    for (const [path, content] of files) {
      const file = join(temporary, ...path.split("/"));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (existsSync(target)) renameSync(target, previous);
    renameSync(temporary, target);
    rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (existsSync(previous) && !existsSync(target)) renameSync(previous, target);
    throw new OutputError(`cannot write ${target}: ${describe(error)}`);
  }
}

/** Writes one file via a temporary sibling and a rename. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new OutputError(`cannot write ${path}: ${describe(error)}`);
  }
}

export interface StaleFile {
  readonly path: string;
  readonly reason: "missing" | "changed" | "extra";
}

/** What differs between `files` and `<outDir>/<folder>/` on disk (empty when up to date). */
export function compareFolder(outDir: string, folder: string, files: OutputFiles): StaleFile[] {
  const root = join(outDir, folder);
  const stale: StaleFile[] = [];
  for (const [path, content] of files) {
    const file = join(root, ...path.split("/"));
    if (!existsSync(file)) stale.push({ path: `${folder}/${path}`, reason: "missing" });
    else if (!Buffer.from(readFileSync(file)).equals(Buffer.from(typeof content === "string" ? Buffer.from(content) : content))) {
      stale.push({ path: `${folder}/${path}`, reason: "changed" });
    }
  }
  for (const path of listFiles(root)) if (!files.has(path)) stale.push({ path: `${folder}/${path}`, reason: "extra" });
  return stale.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function listFiles(root: string, prefix = ""): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) return [];
  const out: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(join(root, entry.name), path));
    else out.push(path);
  }
  return out;
}

/** `--out` must not sit inside a folder the build reads `.agent` files from. */
export function assertOutsideSources(outDir: string, sourceDirs: readonly string[]): void {
  const out = resolve(outDir);
  for (const source of sourceDirs) {
    const dir = resolve(source);
    if (out === dir || out.startsWith(dir + sep)) {
      throw new OutputError(`--out ${relative(process.cwd(), out) || "."} is inside the source folder ${relative(process.cwd(), dir) || "."}; choose a folder outside it (e.g. build/ or docs/agents/)`);
    }
  }
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === "EACCES" || e?.code === "EPERM") return "permission denied";
  if (e?.code === "ENOSPC") return "no space left on the device";
  if (e?.code === "ENOTDIR") return "a path component is a file, not a folder";
  if (e?.code === "EROFS") return "read-only file system";
  return e?.message ?? String(error);
}
