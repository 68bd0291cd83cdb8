/** Each `test` of an agent has its own name, since reports name tests by it. */
import type * as A from "../../language/ast.ts";
import { membersOf, type CheckRule } from "./context.ts";

export const uniqueTestNames: CheckRule = {
  name: "unique-test-names",
  needsCompleteTree: false,
  run(context) {
    const agent = context.agent;
    if (agent === undefined) return;
    const seen = new Map<string, A.StringLiteral>();
    for (const test of membersOf(agent.decl, "TestDecl")) {
      const first = seen.get(test.name.value);
      if (first === undefined) seen.set(test.name.value, test.name);
      else context.report("AGC3036", [test.name.value], test.name.span, { related: [context.related(first.span, "the first test of that name")] });
    }
  },
};
