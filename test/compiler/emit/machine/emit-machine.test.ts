/** Golden files: the whole machine module per fixture agent (UPDATE_BASELINES=1 rewrites them). */
import { join } from "node:path";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { emitMachine } from "../../../../compiler/emit/machine/emit-machine.ts";
import { expectBaseline } from "../../../support/baseline.ts";
import { fixtureNames, fixturesDir, loadIR } from "./support.ts";

describe("emitMachine", () => {
  for (const name of fixtureNames) {
    it(`emits ${name}.agent`, () => {
      const ir = loadIR(name);
      const text = emitMachine(ir);
      expectBaseline(join(fixturesDir, `${name}.machine.ts.txt`), text);
      // deterministic, self-contained, LF with a final newline
      expect(emitMachine(ir)).toBe(text);
      expect(text.endsWith("\n") && !text.includes("\r")).toBe(true);
      const imports = [...text.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
      expect(imports).toEqual(["xstate", "zod", "agentc/runtime"]);
      expect(text).not.toMatch(/\/work\/|[A-Z]:\\|\d{4}-\d\d-\d\dT/);
    });

    it(`lays ${name}.agent out as ts-morph's formatter would`, () => {
      // the emitter skips the formatter pass (seconds on a big agent); this checks it is a no-op
      const text = emitMachine(loadIR(name));
      const file = new Project({ useInMemoryFileSystem: true }).createSourceFile("machine.ts", text);
      file.formatText({ indentSize: 2, tabSize: 2, convertTabsToSpaces: true });
      expect(file.getFullText()).toBe(text);
    });
  }
});
