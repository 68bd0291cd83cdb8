/** The per-agent runbook (`runbook.md`). */
export { emitRunbook } from "./emit-runbook.ts";
