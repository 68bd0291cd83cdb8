/**
 * A generic pre-order walk over AST nodes (anything with a `kind`), for rules that look at
 * every node of some kind wherever it occurs (record types, literals, annotations).
 */
import type * as A from "../../language/ast.ts";

type AnyNode = { readonly kind: string };

export function walk(root: unknown, visit: (node: AnyNode) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    const node = value as AnyNode;
    if (typeof node.kind !== "string") continue;
    if (node.kind === "Comment") continue;
    visit(node);
    const children: unknown[] = [];
    for (const key of Object.keys(node)) {
      if (key === "span" || key === "kind") continue;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === "object") children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

export function collect<K extends string, T extends AnyNode & { kind: K }>(root: unknown, kind: K): T[] {
  const out: T[] = [];
  walk(root, (node) => {
    if (node.kind === kind) out.push(node as T);
  });
  return out;
}

export function recordTypesIn(root: unknown): A.RecordType[] {
  return collect<"RecordType", A.RecordType>(root, "RecordType");
}
