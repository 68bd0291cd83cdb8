/** Names the language gives a meaning to are reserved: `input` cannot name a step result, and `error`, `timeout`, `exhausted` cannot name a tool error (`on error` would not mean it). */
import type * as A from "../../language/ast.ts";
import { resultName } from "../resolve/symbols.ts";
import { allStates, type CheckRule } from "./context.ts";

const RESERVED_RESULTS = new Set(["input"]);
const RESERVED_ERRORS = new Set(["error", "timeout", "exhausted"]);

export const reservedNames: CheckRule = {
  name: "reserved-names",
  needsCompleteTree: false,
  run(context) {
    const check = (name: A.Identifier | undefined, reserved: ReadonlySet<string>, what: string): void => {
      if (name !== undefined && reserved.has(name.name)) context.report("AGC2018", [name.name, what], name.span);
    };
    for (const state of allStates(context)) {
      for (const action of state.actions) check(resultName(action), RESERVED_RESULTS, "a step result");
    }
    for (const tool of context.toolDecls) {
      for (const clause of tool.clauses) {
        if (clause.kind === "ToolErrorsClause") for (const error of clause.errors) check(error.name, RESERVED_ERRORS, "a tool error");
      }
    }
  },
};
