/** Names the language gives a meaning to are reserved: `input` as a step result; `error`, `timeout`, `exhausted` as a tool error; and record fields named like a member of every JavaScript object (`constructor`, `__proto__`, `toString`…), which JSON parsers refuse and validation misreads when absent. */
import type * as A from "../../language/ast.ts";
import { collect } from "../resolve/walk.ts";
import { resultName } from "../resolve/symbols.ts";
import { allStates, type CheckRule } from "./context.ts";

const RESERVED_RESULTS = new Set(["input"]);
const RESERVED_ERRORS = new Set(["error", "timeout", "exhausted"]);
const RESERVED_FIELDS = new Set(["__proto__", ...Object.getOwnPropertyNames(Object.prototype)]);

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
    for (const field of collect<"FieldDecl", A.FieldDecl>(context.ast, "FieldDecl")) check(field.name, RESERVED_FIELDS, "a field: every JavaScript object has a member of that name");
    for (const tool of context.toolDecls) {
      for (const clause of tool.clauses) {
        if (clause.kind === "ToolErrorsClause") for (const error of clause.errors) check(error.name, RESERVED_ERRORS, "a tool error");
      }
    }
  },
};
