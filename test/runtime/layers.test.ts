/**
 * The three layers stay apart: `runtime/` never imports the compiler or the language front
 * end, and orchestration never imports a model provider, the model SDK, the intelligence
 * layer's implementation, the mock layer or the execution layer's implementation — only
 * their ports (types) and pure helpers.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");
const runtimeDir = join(root, "runtime");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/g)) found.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s*["']([^"']+)["']/g)) found.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g)) found.push(m[1]!);
  return found;
}

/** Repo-relative target of a relative specifier; bare specifiers as written. */
function target(file: string, specifier: string): string {
  return specifier.startsWith(".") ? relative(root, resolve(dirname(file), specifier)).split("\\").join("/") : specifier;
}

const ORCHESTRATION_MAY_IMPORT = new Set(["runtime/contract.ts", "runtime/intelligence/types.ts", "runtime/execution/types.ts", "runtime/execution/idempotency.ts", "runtime/execution/stable-json.ts"]);

describe("runtime layering", () => {
  it("finds the imports it checks (the scanner works)", () => {
    expect(importsOf(`import { a } from "./x.ts";\nexport * from "../y.ts";\nimport type { Z } from "ai";\nconst m = await import("@ai-sdk/openai");`)).toEqual(["./x.ts", "../y.ts", "ai", "@ai-sdk/openai"]);
  });

  it("runtime/ imports nothing of compiler/ or language/", () => {
    const offenders = sourceFiles(runtimeDir).flatMap((file) =>
      importsOf(readFileSync(file, "utf8"))
        .map((s) => target(file, s))
        .filter((t) => t.startsWith("compiler/") || t.startsWith("language/"))
        .map((t) => `${relative(root, file)} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });

  it("orchestration imports no provider, model SDK, intelligence or execution implementation, and no mock", () => {
    const offenders = sourceFiles(join(runtimeDir, "orchestration")).flatMap((file) =>
      importsOf(readFileSync(file, "utf8"))
        .map((s) => target(file, s))
        .filter((t) => {
          if (t === "ai" || t.startsWith("@ai-sdk/") || t === "cockatiel") return true;
          if (!t.startsWith("runtime/")) return false;
          if (t.startsWith("runtime/orchestration/") || t.startsWith("runtime/telemetry/")) return false;
          return !ORCHESTRATION_MAY_IMPORT.has(t);
        })
        .map((t) => `${relative(root, file)} → ${t}`),
    );
    expect(offenders).toEqual([]);
  });
});
