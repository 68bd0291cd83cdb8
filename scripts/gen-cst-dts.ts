/**
 * Writes language/cst.ts (the typed CST interfaces) from the parser's grammar.
 * `npm run gen:cst` regenerates it; test/language/cst-dts.test.ts fails when it is stale.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderCstDts } from "../language/cst-dts.ts";

const target = fileURLToPath(new URL("../language/cst.ts", import.meta.url));
writeFileSync(target, renderCstDts());
console.log(`wrote ${target}`);
