/**
 * The generated modules type-check with the real `tsc` (typescript 7) under a minimal strict
 * `nodenext` tsconfig in a folder outside the repo, as a consumer's `--out` would be.
 *
 * How `agentc/runtime` resolves there: a small `node_modules/agentc` package whose
 * `exports["./runtime"].types` points at declarations emitted by tsc from the repo's current
 * runtime/ sources (the same options as `npm run build`). That is what a consumer gets from
 * the published package, needs no extra consumer options (no `allowImportingTsExtensions`),
 * and does not depend on a dist/ that may be absent or stale. `xstate` and `zod` are
 * symlinks to the repo's installs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { emitMachine } from "../../../../compiler/emit/machine/emit-machine.ts";
import { machineSubjects, loadIR, repoRoot, runtimeEntry } from "./support.ts";

const temp = mkdtempSync(join(tmpdir(), "agentc-machine-tsc-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const tsc = (args: readonly string[], cwd: string) => {
  const run = spawnSync(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), ...args], { cwd, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
};

/** A consumer of the module: provides the slots and runs it, as the runtime will. */
const CONSUMER = `import { createActor, fromPromise } from "xstate";
import type { AskRequest, HumanRequest, LoopRequest, Outcome, StepOutcome, ToolRequest } from "agentc/runtime";
import { machine, metadata, schemas, type Input, type Output } from "./machine.js";

const failing = <R extends { state: string }>() =>
  fromPromise(async ({ input }: { input: R }): Promise<StepOutcome> => ({ ok: false, failure: { kind: "failure", message: \`\${input.state} is down\` } }));
const running = machine.provide({
  actors: { ask: failing<AskRequest>(), tool: failing<ToolRequest>(), loop: failing<LoopRequest>(), human: failing<HumanRequest>() },
});
declare const input: Input;
const actor = createActor(running, { input });
const outcome: Outcome<Output> | undefined = actor.getSnapshot().output;
const parsed = schemas.input.safeParse(input);
export const used = [outcome, parsed, metadata.start, metadata.states] as const;
`;

describe("generated machine modules type-check with tsc", () => {
  it("every fixture, with a consumer that provides the slots", () => {
    const packageDir = join(temp, "node_modules", "agentc");
    const entry = basename(runtimeEntry(), ".ts");
    // the runtime uses node: modules, as any Node consumer's project can resolve
    mkdirSync(join(temp, "node_modules", "@types"), { recursive: true });
    symlinkSync(join(repoRoot, "node_modules", "@types", "node"), join(temp, "node_modules", "@types", "node"), "dir");
    const built = tsc(
      [
        ...["--declaration", "--emitDeclarationOnly", "--module", "nodenext", "--target", "es2023", "--strict", "--skipLibCheck"],
        ...["--allowImportingTsExtensions", "--rewriteRelativeImportExtensions", "--types", "node"],
        ...["--rootDir", join(repoRoot, "runtime"), "--outDir", join(packageDir, "dist", "runtime"), runtimeEntry()],
      ],
      temp,
    );
    expect(built.output).toBe("");
    writeFileSync(
      join(packageDir, "package.json"),
      JSON.stringify({ name: "agentc", type: "module", exports: { "./runtime": { types: `./dist/runtime/${entry}.d.ts`, default: `./dist/runtime/${entry}.js` } } }),
    );
    // what npm would install beside agentc: the generated module's imports and the runtime's dependencies
    mkdirSync(join(temp, "node_modules", "@opentelemetry"), { recursive: true });
    for (const dep of ["xstate", "zod", "cockatiel", "@opentelemetry/api"]) symlinkSync(join(repoRoot, "node_modules", dep), join(temp, "node_modules", dep), "dir");

    writeFileSync(join(temp, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    writeFileSync(
      join(temp, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2023", strict: true, noEmit: true, types: [] }, include: ["out"] }),
    );
    for (const name of machineSubjects) {
      const dir = join(temp, "out", name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "machine.ts"), emitMachine(loadIR(name)));
      writeFileSync(join(dir, "consumer.ts"), CONSUMER);
    }
    const checked = tsc(["-p", "tsconfig.json", "--pretty", "false"], temp);
    expect(checked.output).toBe("");
    expect(checked.status).toBe(0);
  }, 120_000);
});
