/** The machine path tests use the same value samples as the graph cases (compiler/testing/samples.ts). */
export { define, guardHints, samples, type Hints } from "../../../../compiler/testing/samples.ts";
