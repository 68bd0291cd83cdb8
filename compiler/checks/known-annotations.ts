/** Field annotations are one of @pii, @min, @max, @minLength, @maxLength, @pattern. */
import type * as A from "../../language/ast.ts";
import { collect } from "../resolve/walk.ts";
import type { CheckRule } from "./context.ts";

export const ANNOTATIONS: ReadonlySet<string> = new Set(["pii", "min", "max", "minLength", "maxLength", "pattern"]);

export const knownAnnotations: CheckRule = {
  name: "known-annotations",
  needsCompleteTree: false,
  run(context) {
    for (const annotation of collect<"Annotation", A.Annotation>(context.ast, "Annotation")) {
      const name = annotation.name.name;
      if (name !== "" && !ANNOTATIONS.has(name)) context.report("AGC2016", [name], annotation.span);
    }
  },
};
