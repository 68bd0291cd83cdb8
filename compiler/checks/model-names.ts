/** Model names are written "provider:model" (warning). */
import { membersOf, type CheckRule } from "./context.ts";

const MODEL_NAME = /^[a-z0-9][a-z0-9._-]*:[^\s:][^\s]*$/i;

export const modelNames: CheckRule = {
  name: "model-names",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent?.decl;
    if (agent === undefined) return;
    for (const model of membersOf(agent, "ModelDecl")) {
      for (const name of [model.primary, model.fallback]) {
        if (name !== undefined && !MODEL_NAME.test(name.value)) context.report("AGC3028", [name.value], name.span);
      }
    }
  },
};
