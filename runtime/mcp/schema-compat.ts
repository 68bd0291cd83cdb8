/** Compares an agent tool's JSON Schema with an MCP tool's, field by field, and lists every incompatibility. */

/** A JSON Schema as it arrives over the wire: any JSON value (`true` and `{}` accept anything). */
export type JsonSchema = unknown;

/** What a schema node accepts, reduced to what the contract check compares. */
type Shape =
  | { readonly kind: "any" }
  | { readonly kind: "string" | "number" | "integer" | "boolean" | "null" }
  | { readonly kind: "enum"; readonly values: readonly unknown[] }
  | { readonly kind: "object"; readonly properties: Readonly<Record<string, JsonSchema>>; readonly required: ReadonlySet<string>; readonly open: boolean }
  | { readonly kind: "array"; readonly items: JsonSchema }
  | { readonly kind: "union"; readonly members: readonly Shape[] };

/**
 * Which way values flow. `input`: the agent sends, the server must accept (sub = agent).
 * `output`: the server returns, the agent must accept (sub = server); the agent's objects drop
 * unknown fields, so extra server fields are fine.
 */
export type Direction = "input" | "output";

interface Side {
  readonly root: JsonSchema;
  readonly where: string;
}

interface Walk {
  readonly direction: Direction;
  readonly sub: Side;
  readonly sup: Side;
  readonly problems: string[];
}

const MAX_DEPTH = 32;

/**
 * Problems with sending agent input to the server (`direction: "input"`) or reading server
 * output as the agent's (`"output"`), each one sentence: `input field "amount" is number in
 * the agent but string on the server`. Empty when compatible.
 */
export function compareSchemas(direction: Direction, agent: JsonSchema, server: JsonSchema): string[] {
  const agentSide = { root: agent, where: "in the agent" };
  const serverSide = { root: server, where: "on the server" };
  const walk: Walk = direction === "input" ? { direction, sub: agentSide, sup: serverSide, problems: [] } : { direction, sub: serverSide, sup: agentSide, problems: [] };
  fits(walk, direction === "input" ? agent : server, direction === "input" ? server : agent, [], 0);
  return walk.problems;
}

/** Checks that every value `sub` allows is allowed by `sup`, recording problems at `path`. */
function fits(walk: Walk, subSchema: JsonSchema, supSchema: JsonSchema, path: readonly string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const sub = shapeOf(subSchema, walk.sub.root, 0);
  const sup = shapeOf(supSchema, walk.sup.root, 0);
  if (sup.kind === "any" || sub.kind === "any") return;
  if (sub.kind === "object" && sup.kind === "object") return fitsObject(walk, sub, sup, path, depth);
  if (sub.kind === "array" && sup.kind === "array") return fits(walk, sub.items, sup.items, [...path, "[]"], depth + 1);
  if (!accepts(sup, sub)) walk.problems.push(`${where(walk, path)} is ${describe(sub)} ${walk.sub.where} but ${describe(sup)} ${walk.sup.where}`);
}

function fitsObject(walk: Walk, sub: Shape & { kind: "object" }, sup: Shape & { kind: "object" }, path: readonly string[], depth: number): void {
  for (const name of sup.required) {
    if (name in sub.properties && sub.required.has(name)) continue;
    const absent = !(name in sub.properties);
    walk.problems.push(`${where(walk, [...path, name])} is required ${walk.sup.where} but ${absent ? "not declared" : "optional"} ${walk.sub.where}`);
  }
  for (const [name, subField] of Object.entries(sub.properties)) {
    if (name in sup.properties) fits(walk, subField, sup.properties[name], [...path, name], depth + 1);
    else if (walk.direction === "input" && !sup.open) walk.problems.push(`${where(walk, [...path, name])} is declared ${walk.sub.where} but not ${walk.sup.where}, which accepts no other fields`);
  }
}

/** Whether every value of the (non-object, non-array, or mismatched) shape `sub` is accepted by `sup`. */
function accepts(sup: Shape, sub: Shape): boolean {
  if (sup.kind === "any" || sub.kind === "any") return true;
  if (sub.kind === "union") return sub.members.every((member) => accepts(sup, member));
  if (sup.kind === "union") return sup.members.some((member) => accepts(member, sub));
  if (sub.kind === "enum") return sub.values.every((value) => (sup.kind === "enum" ? sup.values.some((v) => v === value) : accepts(sup, shapeOfValue(value))));
  if (sup.kind === "enum") return false;
  if (sub.kind === sup.kind) return true;
  return sub.kind === "integer" && sup.kind === "number";
}

/** A JSON Schema node as a shape: resolves local `$ref`s, `type` lists, `enum`/`const`, `anyOf`/`oneOf`. */
function shapeOf(schema: JsonSchema, root: JsonSchema, depth: number): Shape {
  if (depth > MAX_DEPTH || schema === true || schema === undefined || !isRecord(schema)) return { kind: "any" };
  if (typeof schema["$ref"] === "string") return shapeOf(resolveRef(schema["$ref"], root), root, depth + 1);
  if ("const" in schema) return { kind: "enum", values: [schema["const"]] };
  if (Array.isArray(schema["enum"])) return { kind: "enum", values: schema["enum"] };
  const alternatives = schema["anyOf"] ?? schema["oneOf"];
  if (Array.isArray(alternatives)) return union(alternatives.map((a) => shapeOf(a, root, depth + 1)));
  const allOf = schema["allOf"];
  if (Array.isArray(allOf) && allOf.length === 1) return shapeOf(allOf[0], root, depth + 1);
  const type = schema["type"];
  if (Array.isArray(type)) return union(type.map((t) => shapeOfType(String(t), schema)));
  if (typeof type === "string") return shapeOfType(type, schema);
  if (isRecord(schema["properties"])) return shapeOfType("object", schema);
  return { kind: "any" };
}

function shapeOfType(type: string, schema: Record<string, unknown>): Shape {
  switch (type) {
    case "string":
    case "number":
    case "integer":
    case "boolean":
    case "null":
      return { kind: type };
    case "array":
      return { kind: "array", items: Array.isArray(schema["items"]) ? {} : schema["items"] };
    case "object": {
      const properties = isRecord(schema["properties"]) ? schema["properties"] : undefined;
      const required = Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : [];
      const additional = schema["additionalProperties"];
      // A free-form `{ type: "object" }` takes anything; a schema that lists its fields takes
      // only those unless it says otherwise (catches a misspelt field the server would ignore).
      const open = properties === undefined ? additional !== false : additional === true || isRecord(additional);
      return { kind: "object", properties: properties ?? {}, required: new Set(required), open };
    }
    default:
      return { kind: "any" };
  }
}

function shapeOfValue(value: unknown): Shape {
  if (value === null) return { kind: "null" };
  if (typeof value === "string") return { kind: "string" };
  if (typeof value === "boolean") return { kind: "boolean" };
  if (typeof value === "number") return { kind: Number.isInteger(value) ? "integer" : "number" };
  return { kind: "any" };
}

function union(members: readonly Shape[]): Shape {
  if (members.some((m) => m.kind === "any")) return { kind: "any" };
  return members.length === 1 ? members[0]! : { kind: "union", members };
}

/** `#/$defs/Name` (or any local JSON pointer) inside `root`; anything else is unknown (accepts all). */
function resolveRef(ref: string, root: JsonSchema): JsonSchema {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").filter((p) => p !== "")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isRecord(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined;
  }
  return node;
}

function describe(shape: Shape): string {
  switch (shape.kind) {
    case "enum":
      return shape.values.map((v) => JSON.stringify(v)).join(" | ");
    case "union":
      return shape.members.map(describe).join(" | ");
    default:
      return shape.kind;
  }
}

function where(walk: Walk, path: readonly string[]): string {
  if (path.length === 0) return walk.direction;
  return `${walk.direction} field "${path.join(".").replace(/\.\[\]/g, "[]")}"`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
