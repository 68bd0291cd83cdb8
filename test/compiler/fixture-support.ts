/**
 * Shared by the fixture tests: where the fixtures live, how they are read (with the two
 * documented seams: padding past the size cap, lone surrogates) and how a diagnostic list
 * is written as a baseline.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.ts";
import { MAX_FILE_SIZE } from "../../language/parse.ts";
import type { SourceFile } from "../../language/span.ts";
import { checkFiles, checkSource } from "../../compiler/check.ts";

export const FIXTURES = join(import.meta.dirname, "fixtures");

/** Fixture paths relative to FIXTURES, `/`-separated. */
export function fixturePaths(): string[] {
  const out: string[] = [];
  for (const dir of ["", "agents"]) {
    for (const name of readdirSync(join(FIXTURES, dir))) if (/^AGC\d{4}-.*\.agent$/.test(name)) out.push(dir === "" ? name : `${dir}/${name}`);
  }
  return out.sort();
}

/**
 * Reads fixtures from disk, except that a file whose first line is `// fixture: pad to
 * file size limit` is padded past the size cap (a 4 MB file has no place in the repo).
 */
export function readFixture(abs: string): Uint8Array | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw error;
  }
  if (bytes.subarray(0, 40).toString("latin1").startsWith("// fixture: pad to file size limit")) {
    const padded = new Uint8Array(MAX_FILE_SIZE + 1).fill(0x20);
    padded.set(bytes);
    return padded;
  }
  return bytes;
}

/**
 * Checks a fixture. A lone surrogate cannot be stored in a UTF-8 file, so a fixture whose
 * first line is `// fixture: U+FFFD stands for a lone surrogate` is checked as text with
 * each U+FFFD replaced by U+D800 (as the language server may hand us).
 */
export function runFixture(path: string): ReturnType<typeof checkFiles> {
  const text = readFileSync(join(FIXTURES, path), "utf8");
  if (text.startsWith("// fixture: U+FFFD stands for a lone surrogate"))
    return checkSource(path, text.replaceAll("\uFFFD", "\uD800"), { root: FIXTURES, readFile: readFixture });
  return checkFiles([path, ...alsoChecked(path)], { root: FIXTURES, readFile: readFixture });
}

/** Extra entry files named by `// fixture: also check <path>` lines (for workspace-wide rules). */
function alsoChecked(path: string): string[] {
  const text = readFileSync(join(FIXTURES, path), "latin1");
  return [...text.matchAll(/^\/\/ fixture: also check (\S+)$/gm)].map((m) => m[1]!);
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): string {
  const where = (file: string, offset: number): string => {
    const at = sources.get(file)?.positionAt(offset) ?? { line: 0, character: 0 };
    return `${file}:${at.line + 1}:${at.character + 1}`;
  };
  const lines: string[] = [];
  for (const d of diagnostics) {
    lines.push(`${where(d.file, d.span.start)} ${d.severity}[${d.code}] ${d.message}`);
    for (const r of d.related) lines.push(`    ${where(r.file, r.span.start)} ${r.message}`);
  }
  return lines.length === 0 ? "(no diagnostics)\n" : `${lines.join("\n")}\n`;
}
