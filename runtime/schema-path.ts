/** A schema issue's path as people read it: `items[2].sku`, or `(root)` for the value itself. */
export function formatSchemaPath(path: readonly unknown[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(root)" : out;
}
