/**
 * `npm run soak`: the long property runs that do not belong in `npm test`. Runs the
 * front-end properties (test/language/properties.test.ts) with SOAK_RUNS runs per property
 * (default 5,000; `npm test` runs 200; the tests pass it to fast-check as numRuns) and no
 * test timeout, and the crash sweep (test/runtime/crash) with 1,000 SIGKILLs instead of 100
 * (SOAK_KILLS). `npm run soak -- 50000` or `SOAK_RUNS=50000 npm run soak` sets the run count.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const runs = process.argv[2] ?? process.env["SOAK_RUNS"] ?? "5000";
if (!/^\d+$/.test(runs)) {
  console.error(`soak: the run count must be a whole number, not ${JSON.stringify(runs)}`);
  process.exit(2);
}
const suites = ["test/language/properties.test.ts", "test/runtime/crash/crash.test.ts"].filter((f) => existsSync(new URL(`../${f}`, import.meta.url)));
if (suites.length === 0) {
  console.error("soak: no property suites found (test/language/properties.test.ts)");
  process.exit(2);
}
console.log(`soak: ${runs} runs per property in ${suites.join(", ")}`);
const vitest = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const result = spawnSync(process.execPath, [vitest, "run", "--testTimeout=0", ...suites], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, SOAK_RUNS: runs, SOAK_KILLS: process.env["SOAK_KILLS"] ?? "1000" },
});
process.exit(result.status ?? 1);
