/** language/cst.ts is generated from the grammar; it must not drift from parser.ts. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { renderCstDts } from "../../language/cst-dts.ts";

it("language/cst.ts matches the grammar (run `npm run gen:cst` after changing parser.ts)", () => {
  const committed = readFileSync(join(import.meta.dirname, "../../language/cst.ts"), "utf8");
  expect(committed).toBe(renderCstDts());
});
