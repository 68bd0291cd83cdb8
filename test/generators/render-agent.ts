/**
 * `render(model)` writes an agent model as `.agent` source (two-space indent, records on one
 * line unless a field carries a comment); `messyLayout(text, seed)` re-spaces that text at
 * random — extra spaces and blank lines, odd indentation, CRLF, a BOM — without changing one
 * token, so the formatter has something to undo.
 */
import { lex } from "../../language/lexer.ts";
import type { AgentModel, CommentModel, FieldModel, ReplyModel, StateModel, ToolModel, TransitionModel, TypeModel } from "./agent-model.ts";
import { Random } from "./random.ts";

const PAD = "  ";

export function render(model: AgentModel): string {
  const lines: string[] = [];
  const emit = (depth: number, text: string, comment?: CommentModel): void => {
    if (comment?.leading !== undefined) lines.push(PAD.repeat(depth) + comment.leading);
    lines.push(PAD.repeat(depth) + text + (comment?.trailing !== undefined ? ` ${comment.trailing}` : ""));
  };
  const c = (key: string): CommentModel | undefined => model.memberComments.get(key);

  lines.push(`agent ${model.name} ${quote(model.description)} {`);
  emit(1, `version ${model.version}`, c("version"));
  emit(1, `input ${recordType(model.input, 1)}`, c("input"));
  emit(1, `output ${recordType(model.output, 1)}`, c("output"));
  const m = model.model;
  emit(
    1,
    `model primary ${quote(m.primary)}${m.fallback !== undefined ? ` fallback ${quote(m.fallback)}` : ""} maxTokens ${m.maxTokens}${m.temperature !== undefined ? ` temperature ${m.temperature}` : ""}`,
    c("model"),
  );
  emit(1, `budget ${model.budget.join(", ")}`, c("budget"));
  model.escalations.forEach((e, i) => emit(1, `escalation ${e.name}${e.description !== undefined ? ` ${quote(e.description)}` : ""}`, i === 0 ? c("escalation") : undefined));
  model.alerts.forEach((a, i) => emit(1, `alert ${a}`, i === 0 ? c("alert") : undefined));
  if (model.tools.length > 0) lines.push("");
  for (const tool of model.tools) renderTool(tool, emit);
  if (model.prompts.length > 0) lines.push("");
  for (const prompt of model.prompts) {
    if (prompt.block) {
      const body = prompt.lines.map((l) => (l === "" ? "" : `${PAD.repeat(2)}${l}`)).join("\n");
      emit(1, `prompt ${prompt.name} v${prompt.version} """\n${body}\n${PAD}"""`, prompt.comment);
    } else emit(1, `prompt ${prompt.name} v${prompt.version} "${prompt.lines[0] ?? ""}"`, prompt.comment);
  }
  model.examples.forEach((e, i) => emit(1, `example ${quote(e.name)} ${e.value}`, i === 0 ? c("example") : undefined));
  emit(1, `start ${model.start}`, c("start"));
  for (const state of model.states) {
    lines.push("");
    renderState(state, emit);
  }
  for (const test of model.tests ?? []) {
    lines.push("");
    emit(1, `test ${quote(test.name)} {`);
    emit(2, `input ${test.input}`);
    if (test.expect !== undefined) emit(2, test.expect);
    emit(1, "}");
  }
  if (model.closingComment !== undefined) lines.push(PAD + model.closingComment);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

type Emit = (depth: number, text: string, comment?: CommentModel) => void;

function renderTool(tool: ToolModel, emit: Emit): void {
  emit(1, `tool ${tool.name} ${quote(tool.description)} {`, tool.comment);
  emit(2, `input ${recordType(tool.input, 2)}`);
  emit(2, `output ${recordType(tool.output, 2)}`);
  for (const clause of tool.clauses) emit(2, clause.text, clause.comment);
  emit(1, "}");
}

function renderState(state: StateModel, emit: Emit): void {
  emit(1, `state ${state.name} ${quote(state.description)} {`, state.comment);
  if (state.visits !== undefined) emit(2, `visits at most ${state.visits}`);
  const a = state.action;
  let action: string;
  switch (a.kind) {
    case "ask":
      action = `ask ${a.prompt} as ${a.result}: ${type(a.type, 2)}${a.maxTokens !== undefined ? ` maxTokens ${a.maxTokens}` : ""}`;
      break;
    case "call":
      action = `call ${a.tool} ${recordLiteral(a.args)}${a.result !== undefined ? ` as ${a.result}` : ""}`;
      break;
    case "loop":
      action = `use tools [${a.tools.join(", ")}] with prompt ${a.prompt} until ${a.result}: ${type(a.type, 2)} at most ${a.turns} turns${a.maxTokens !== undefined ? ` maxTokens ${a.maxTokens}` : ""}`;
      break;
    case "await":
      action = `await human ${a.target} as ${a.result}: ${type(a.type, 2)} timeout ${a.timeout}`;
      break;
    case "reply":
      action = reply(a);
      break;
    case "escalate":
      action = `escalate ${a.target}${a.reason !== undefined ? ` "${a.reason}"` : ""}`;
      break;
  }
  emit(2, action, state.actionComment);
  for (const t of state.transitions) emit(2, transition(t), t.comment);
  emit(1, "}");
}

function transition(t: TransitionModel): string {
  let trigger: string;
  switch (t.trigger.kind) {
    case "when":
      trigger = `when ${t.trigger.condition} -> `;
      break;
    case "else":
      trigger = "else -> ";
      break;
    case "always":
      trigger = "-> ";
      break;
    case "on":
      trigger = `on ${t.trigger.name} -> `;
      break;
  }
  let target: string;
  switch (t.target.kind) {
    case "goto":
      target = t.target.state;
      break;
    case "reply":
      target = reply(t.target);
      break;
    case "escalate":
      target = `escalate ${t.target.target}${t.target.reason !== undefined ? ` "${t.target.reason}"` : ""}`;
      break;
  }
  return `${trigger}${target}${t.unreachable !== undefined ? ` unreachable ${quote(t.unreachable)}` : ""}`;
}

function reply(r: ReplyModel): string {
  if (r.form === "record") return `reply ${recordLiteral(r.fields)}`;
  const fields = r.fields.map(([name, value]) => `${name}: ${value}`).join(", ");
  return `reply "${r.text}"${fields.length > 0 ? ` with ${fields}` : ""}`;
}

function recordLiteral(fields: readonly (readonly [string, string])[]): string {
  return fields.length === 0 ? "{}" : `{ ${fields.map(([name, value]) => `${name}: ${value}`).join(", ")} }`;
}

/** A record type: one line, or one field per line when a field carries a comment. */
function recordType(fields: readonly FieldModel[], depth: number): string {
  if (fields.length === 0) return "{}";
  const hasComment = fields.some((f) => f.comment !== undefined);
  if (!hasComment) return `{ ${fields.map((f) => field(f, depth + 1)).join(", ")} }`;
  const inner = PAD.repeat(depth + 1);
  const lines = ["{"];
  for (const f of fields) {
    if (f.comment?.leading !== undefined) lines.push(inner + f.comment.leading);
    lines.push(`${inner}${field(f, depth + 1)},${f.comment?.trailing !== undefined ? ` ${f.comment.trailing}` : ""}`);
  }
  lines.push(`${PAD.repeat(depth)}}`);
  return lines.join("\n");
}

function field(f: FieldModel, depth: number): string {
  let text = `${f.name}${f.optional ? "?" : ""}: ${type(f.type, depth)}`;
  const k = f.constraints;
  if (k.min !== undefined) text += ` @min(${k.min})`;
  if (k.max !== undefined) text += ` @max(${k.max})`;
  if (k.minLength !== undefined) text += ` @minLength(${k.minLength})`;
  if (k.maxLength !== undefined) text += ` @maxLength(${k.maxLength})`;
  if (k.pattern !== undefined) text += ` @pattern(${quote(k.pattern)})`;
  if (f.pii) text += " @pii";
  return text;
}

function type(t: TypeModel, depth: number): string {
  switch (t.kind) {
    case "primitive":
      return t.name;
    case "union":
      return t.values.map(quote).join(" | ");
    case "array":
      return t.element.kind === "union" && t.element.values.length > 1 ? `(${type(t.element, depth)})[]` : `${type(t.element, depth)}[]`;
    case "record":
      return recordType(t.fields, depth);
  }
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\{/g, "\\{")}"`;
}

export interface MessyOptions {
  /** Line breaks become CRLF (all of them, inside block strings too). Default: random. */
  readonly crlf?: boolean;
}

/**
 * Re-spaces source text at random without changing its tokens or comments: each run of
 * whitespace between tokens becomes other whitespace (a run with a line break keeps at least
 * one), spaces are added between some adjacent tokens, and the file may get a BOM.
 */
export function messyLayout(text: string, seed: number, options: MessyOptions = {}): string {
  const r = new Random(seed);
  const crlf = options.crlf ?? r.bool(0.3);
  const lexed = lex("messy.agent", text);
  const items = [...lexed.tokens, ...lexed.comments]
    .map((t) => ({ start: t.startOffset, end: t.startOffset + t.image.length }))
    .sort((a, b) => a.start - b.start);
  const newline = (): string => (crlf ? "\r\n" : "\n");
  const indent = (): string => r.pick(["", " ", "  ", "    ", "\t", "        ", "   \t "]);
  let out = r.bool(0.1) ? "\uFEFF" : "";
  let at = 0;
  for (const item of items) {
    const gap = text.slice(at, item.start);
    if (/[\r\n]/.test(gap)) {
      const breaks = r.weighted([[1, 70], [2, 20], [3, 10]]);
      out += (r.bool(0.1) ? " \t" : "") + Array.from({ length: breaks }, newline).join("") + indent();
    } else if (gap.length > 0) {
      out += r.bool(0.1) ? newline() + indent() : " ".repeat(r.weighted([[1, 70], [2, 20], [4, 10]]));
    } else if (at > 0 && r.bool(0.1)) {
      out += " ";
    }
    const token = text.slice(item.start, item.end);
    out += crlf ? token.replace(/\r\n|\r|\n/g, "\r\n") : token;
    at = item.end;
  }
  out += text.slice(at).replace(/\r\n|\r|\n/g, newline());
  if (r.bool(0.2)) out += newline();
  return out;
}
