/**
 * Tool contracts: per tool, `contracts/<tool>.md` (for reviewers) and
 * `contracts/<tool>.input.schema.json` / `.output.schema.json` (JSON Schema 2020-12).
 */
import type { AgentIR } from "../../ir/ir.ts";
import { emitToolContract } from "./emit-contract.ts";
import { emitToolSchemas } from "./json-schema.ts";

export { emitToolContract } from "./emit-contract.ts";
export { emitToolSchemas, type ToolSchemas } from "./json-schema.ts";

/** Relative path (under the agent's output folder) → content, for every tool of the agent. */
export function emitContracts(ir: AgentIR): ReadonlyMap<string, string> {
  const files = new Map<string, string>();
  for (const tool of ir.tools) {
    const schemas = emitToolSchemas(tool);
    files.set(`contracts/${tool.name}.md`, emitToolContract(ir, tool));
    files.set(`contracts/${tool.name}.input.schema.json`, schemas.input);
    files.set(`contracts/${tool.name}.output.schema.json`, schemas.output);
  }
  return files;
}
