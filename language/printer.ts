/**
 * The formatter: AST + comments → canonical text. Two-space indent, one member per line,
 * records on one line when they fit in 100 columns (else one field per line with trailing
 * commas), numbers and strings exactly as written, one blank line kept where the author had
 * one or more between members. Every comment is kept: own-line comments lead the next
 * statement-level node (agent member, tool clause, state member, record field, import),
 * same-line comments trail the node before them, and comments inside an expression move to
 * the next statement-level position. The output is idempotent, uses LF and ends in a newline.
 */
import type * as A from "./ast.ts";
import { dedentBlock } from "./block-string.ts";
import type { Span } from "./span.ts";

/** What the printer reads: `ParseResult` has this shape. */
export interface Formattable {
  readonly file: A.AgentFile;
  readonly source?: { readonly text: string } | undefined;
}

const WIDTH = 100;
const INDENT = "  ";

/**
 * Canonical text of a parsed file. Call it only on files without syntax errors (a recovered
 * tree has holes); it never throws: if printing fails it returns the source unchanged.
 */
export function format(result: Formattable): string {
  try {
    return formatOrThrow(result);
  } catch {
    return result.source?.text ?? "";
  }
}

/** `format` without the safety net, for tests that must see printer bugs. */
export function formatOrThrow(result: Formattable): string {
  return new Printer(result.file, result.source?.text ?? "").print();
}

/** A statement-level line: `head`, then an optional record that may break over lines, then `tail`. */
interface Statement {
  readonly span: Span;
  readonly head: string;
  readonly record?: A.RecordType | A.RecordLiteral | undefined;
  readonly tail: string;
}

class Printer {
  readonly #file: A.AgentFile;
  readonly #text: string;
  readonly #comments: readonly A.Comment[];
  #next = 0;
  readonly #lines: string[] = [];
  #depth = 0;
  /** Source offset just past the last thing printed (for blank-line detection). */
  #lastEnd = 0;
  /** True right after a `{`: no blank line may open a block. */
  #blockStart = true;

  constructor(file: A.AgentFile, text: string) {
    this.#file = file;
    this.#text = text;
    this.#comments = [...(file.comments ?? [])].sort((a, b) => a.span.start - b.span.start);
  }

  print(): string {
    const file = this.#file;
    const items: { span: Span; print: () => void }[] = [];
    for (const decl of file.imports ?? []) items.push({ span: decl.span, print: () => this.#statement(this.#importStatement(decl)) });
    if (file.agent !== undefined) {
      const agent = file.agent;
      items.push({ span: agent.span, print: () => this.#agent(agent) });
    }
    for (const tool of file.tools ?? []) items.push({ span: tool.span, print: () => this.#tool(tool) });
    items.sort((a, b) => a.span.start - b.span.start);
    for (const item of items) item.print();
    this.#flushLeading(Infinity);
    while (this.#lines.length > 0 && this.#lines[this.#lines.length - 1] === "") this.#lines.pop();
    return this.#lines.length === 0 ? "" : `${this.#lines.join("\n")}\n`;
  }

  // ── Layout machinery ──────────────────────────────────────────────────────

  #emit(text: string): void {
    this.#lines.push(INDENT.repeat(this.#depth) + text);
    this.#blockStart = false;
  }

  #blankLineIfAuthorHadOne(start: number): void {
    if (this.#blockStart || this.#lines.length === 0 || this.#lines[this.#lines.length - 1] === "") return;
    if (start <= this.#lastEnd) return;
    const gap = this.#text.slice(this.#lastEnd, start);
    if ((gap.match(/\r\n|\r|\n/g)?.length ?? 0) >= 2) this.#lines.push("");
  }

  /** Prints, each on its own line, the comments that start before `position`. */
  #flushLeading(position: number): void {
    while (this.#next < this.#comments.length && this.#comments[this.#next]!.span.start < position) {
      const comment = this.#comments[this.#next++]!;
      this.#blankLineIfAuthorHadOne(comment.span.start);
      this.#emit(commentText(comment));
      this.#lastEnd = Math.max(this.#lastEnd, comment.span.end);
    }
  }

  /** Comments right after `position` on the same source line (only spaces and commas between). */
  #takeTrailing(position: number): A.Comment[] {
    const taken: A.Comment[] = [];
    let from = position;
    while (this.#next < this.#comments.length) {
      const comment = this.#comments[this.#next]!;
      if (comment.span.start < from) break;
      if (!/^[ \t,]*$/.test(this.#text.slice(from, comment.span.start))) break;
      taken.push(comment);
      this.#next++;
      from = comment.span.end;
      if (!comment.block) break;
    }
    return taken;
  }

  #appendTrailing(position: number): void {
    const trailing = this.#takeTrailing(position);
    if (trailing.length === 0) return;
    const last = this.#lines.length - 1;
    this.#lines[last] = `${this.#lines[last]} ${trailing.map(commentText).join(" ")}`;
    this.#lastEnd = Math.max(this.#lastEnd, trailing[trailing.length - 1]!.span.end);
  }

  #hasCommentIn(span: Span): boolean {
    for (let i = this.#next; i < this.#comments.length; i++) {
      const start = this.#comments[i]!.span.start;
      if (start >= span.end) return false;
      if (start >= span.start) return true;
    }
    return false;
  }

  #begin(span: Span): void {
    this.#flushLeading(span.start);
    this.#blankLineIfAuthorHadOne(span.start);
  }

  /** After a statement: comments left inside it move below it; same-line comments trail it. */
  #end(span: Span): void {
    const inside: A.Comment[] = [];
    while (this.#next < this.#comments.length && this.#comments[this.#next]!.span.start < span.end) {
      inside.push(this.#comments[this.#next++]!);
    }
    this.#lastEnd = Math.max(this.#lastEnd, span.end);
    if (inside.length === 0) {
      this.#appendTrailing(span.end);
      return;
    }
    const all = [...inside, ...this.#takeTrailing(Math.max(span.end, inside[inside.length - 1]!.span.end))];
    for (const comment of all) {
      this.#emit(commentText(comment));
      this.#lastEnd = Math.max(this.#lastEnd, comment.span.end);
    }
  }

  /** `header {`, members in source order, `}`. */
  #block(span: Span, header: string, headerEnd: number, members: readonly (() => void)[]): void {
    this.#begin(span);
    this.#emit(`${header} {`);
    const brace = this.#findOpenBrace(headerEnd);
    if (brace >= 0) {
      this.#lastEnd = brace + 1;
      this.#appendTrailing(brace + 1);
    }
    this.#depth++;
    this.#blockStart = true;
    for (const member of members) member();
    this.#flushLeading(this.#closePosition(span));
    this.#depth--;
    this.#emit("}");
    this.#end(span);
  }

  #statement(statement: Statement): void {
    this.#begin(statement.span);
    const record = statement.record;
    if (record === undefined) {
      this.#emit(statement.head + statement.tail);
    } else {
      const inline = statement.head + this.#inlineRecord(record) + statement.tail;
      const firstLine = inline.split("\n", 1)[0]!;
      if (this.#depth * INDENT.length + firstLine.length <= WIDTH && !this.#hasCommentIn(record.span)) {
        this.#emit(inline);
      } else {
        this.#emit(`${statement.head}{`);
        this.#lastEnd = record.span.start + 1;
        this.#appendTrailing(record.span.start + 1);
        this.#depth++;
        this.#blockStart = true;
        for (const field of record.fields) this.#statement(this.#fieldStatement(field));
        this.#flushLeading(this.#closePosition(record.span));
        this.#depth--;
        this.#emit(`}${statement.tail}`);
      }
    }
    this.#end(statement.span);
  }

  #closePosition(span: Span): number {
    return this.#text[span.end - 1] === "}" ? span.end - 1 : span.end;
  }

  /** Offset of the `{` after a block header, skipping whitespace and comments; -1 if not there. */
  #findOpenBrace(from: number): number {
    const text = this.#text;
    let i = from;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "{") return i;
      if (c === " " || c === "\t" || c === "\n" || c === "\r") i++;
      else if (text.startsWith("//", i)) {
        while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
      } else if (text.startsWith("/*", i)) {
        const close = text.indexOf("*/", i + 2);
        if (close < 0) return -1;
        i = close + 2;
      } else return -1;
    }
    return -1;
  }

  // ── Declarations ──────────────────────────────────────────────────────────

  #importStatement(decl: A.ImportDecl): Statement {
    const names = (decl.names ?? []).map((n) => n.name).join(", ");
    return { span: decl.span, head: `import { ${names} } from ${this.#string(decl.from)}`, tail: "" };
  }

  #agent(agent: A.AgentDecl): void {
    const description = agent.description === undefined ? "" : ` ${this.#string(agent.description)}`;
    const headerEnd = (agent.description ?? agent.name)?.span.end ?? agent.span.start;
    this.#block(
      agent.span,
      `agent ${agent.name?.name ?? ""}${description}`,
      headerEnd,
      (agent.members ?? []).map((member) => () => this.#agentMember(member)),
    );
  }

  #agentMember(member: A.AgentMember): void {
    switch (member.kind) {
      case "ToolDecl":
        return this.#tool(member);
      case "StateDecl":
        return this.#state(member);
      case "TestDecl":
        return this.#test(member);
      default:
        return this.#statement(this.#memberStatement(member));
    }
  }

  #test(test: A.TestDecl): void {
    this.#block(
      test.span,
      `test ${this.#string(test.name)}`,
      test.name?.span.end ?? test.span.start,
      (test.items ?? []).map((item) => () => this.#statement(this.#testItemStatement(item))),
    );
  }

  #testItemStatement(item: A.TestItem): Statement {
    const span = item.span;
    /** A record value may break over lines; any other value prints inline. */
    const valued = (head: string, value: A.Expr | undefined): Statement =>
      value?.kind === "RecordLiteral" ? { span, head: `${head} `, record: value, tail: "" } : { span, head: `${head} ${this.#expr(value)}`, tail: "" };
    switch (item.kind) {
      case "TestInput":
        return { span, head: "input ", record: item.value, tail: "" };
      case "TestModelAnswer":
        return valued(`model ${item.prompt?.name ?? ""}${item.call === undefined ? "" : ` call ${item.call.name}`}`, item.value);
      case "TestToolResult": {
        const head = `tool ${item.tool?.name ?? ""}`;
        if (item.error !== undefined) return { span, head: `${head} error ${item.error.name}`, tail: "" };
        if (item.timeout) return { span, head: `${head} timeout`, tail: "" };
        return valued(head, item.value);
      }
      case "TestHumanResponse": {
        const head = `human ${item.state?.name ?? ""}`;
        return item.timeout ? { span, head: `${head} timeout`, tail: "" } : valued(head, item.value);
      }
      case "TestExpectPath":
        return { span, head: `expect path [${(item.states ?? []).map((s) => s.name).join(", ")}]`, tail: "" };
      case "TestExpectReply":
        return item.fields === undefined ? { span, head: "expect reply", tail: "" } : { span, head: "expect reply ", record: item.fields, tail: "" };
      case "TestExpectEscalate":
        return { span, head: `expect escalate ${item.target?.name ?? ""}${item.reason === undefined ? "" : ` ${this.#string(item.reason)}`}`, tail: "" };
      default:
        return { span: (item as A.Node).span, head: "", tail: "" };
    }
  }

  #memberStatement(member: Exclude<A.AgentMember, A.ToolDecl | A.StateDecl | A.TestDecl>): Statement {
    const span = member.span;
    switch (member.kind) {
      case "VersionDecl":
        return { span, head: `version ${num(member.value)}`, tail: "" };
      case "RecordDecl":
        return { span, head: `${member.which} `, record: member.type, tail: "" };
      case "ModelDecl": {
        const parts = ["model"];
        if (member.primary !== undefined) parts.push("primary", this.#string(member.primary));
        if (member.fallback !== undefined) parts.push("fallback", this.#string(member.fallback));
        if (member.maxTokens !== undefined) parts.push("maxTokens", num(member.maxTokens));
        if (member.temperature !== undefined) parts.push("temperature", num(member.temperature));
        return { span, head: parts.join(" "), tail: "" };
      }
      case "BudgetDecl":
        return { span, head: `budget ${(member.items ?? []).map((item) => `${item.metric} ${quantity(item.value)}`).join(", ")}`, tail: "" };
      case "EscalationDecl": {
        const description = member.description === undefined ? "" : ` ${this.#string(member.description)}`;
        return { span, head: `escalation ${member.name?.name ?? ""}${description}`, tail: "" };
      }
      case "AlertDecl":
        return { span, head: `alert ${member.metric?.name ?? ""} > ${quantity(member.threshold)}`, tail: "" };
      case "PromptDecl":
        return { span, head: `prompt ${member.name?.name ?? ""} ${this.#versionTag(member)} ${this.#template(member.body)}`, tail: "" };
      case "ExampleDecl":
        return { span, head: `example ${this.#string(member.name)} `, record: member.value, tail: "" };
      case "StartDecl":
        return { span, head: `start ${member.state?.name ?? ""}`, tail: "" };
      default:
        return { span: (member as A.Node).span, head: "", tail: "" };
    }
  }

  #versionTag(prompt: A.PromptDecl): string {
    const written = prompt.versionSpan === undefined ? "" : this.#text.slice(prompt.versionSpan.start, prompt.versionSpan.end);
    return /^v[0-9]+$/.test(written) ? written : `v${prompt.version}`;
  }

  #tool(tool: A.ToolDecl): void {
    const description = tool.description === undefined ? "" : ` ${this.#string(tool.description)}`;
    const headerEnd = (tool.description ?? tool.name)?.span.end ?? tool.span.start;
    this.#block(
      tool.span,
      `tool ${tool.name?.name ?? ""}${description}`,
      headerEnd,
      (tool.clauses ?? []).map((clause) => () => this.#statement(this.#toolClause(clause))),
    );
  }

  #toolClause(clause: A.ToolClause): Statement {
    const span = clause.span;
    switch (clause.kind) {
      case "ToolSchemaClause":
        return { span, head: `${clause.which} `, record: clause.type, tail: "" };
      case "ToolErrorsClause":
        return { span, head: `errors ${(clause.errors ?? []).map((e) => `${e.name?.name ?? ""}${e.retryable ? " retryable" : ""}`).join(", ")}`, tail: "" };
      case "ToolEffectsClause": {
        const key = clause.idempotencyKey ?? [];
        const by = key.length === 0 ? "" : ` idempotent by ${key.map(pathText).join(", ")}`;
        return { span, head: `effects ${clause.effect}${by}`, tail: "" };
      }
      case "ToolTimeoutClause":
        return { span, head: `timeout ${quantity(clause.value)}`, tail: "" };
      case "ToolRetryClause": {
        if (clause.attempts === undefined) return { span, head: "retry none", tail: "" };
        const parts = ["retry", num(clause.attempts)];
        if (clause.backoff !== undefined) parts.push(clause.backoff);
        if (clause.delay !== undefined) parts.push(quantity(clause.delay));
        return { span, head: parts.join(" "), tail: "" };
      }
      case "ToolBreakerClause":
        return { span, head: `breaker ${num(clause.failures)} failures in ${quantity(clause.window)} cooldown ${quantity(clause.cooldown)}`, tail: "" };
      case "ToolRateClause":
        return { span, head: `rate ${num(clause.count)} per ${quantity(clause.per)}`, tail: "" };
      case "ToolCallsClause":
        return { span, head: `calls ${num(clause.value)}`, tail: "" };
      case "ToolCostClause":
        return { span, head: `cost ${quantity(clause.value)}`, tail: "" };
      default:
        return { span: (clause as A.Node).span, head: "", tail: "" };
    }
  }

  #state(state: A.StateDecl): void {
    const description = state.description === undefined ? "" : ` ${this.#string(state.description)}`;
    const headerEnd = (state.description ?? state.name)?.span.end ?? state.span.start;
    const members: { span: Span; print: () => void }[] = [];
    const visitLimit = state.visitLimit;
    if (visitLimit !== undefined) {
      members.push({ span: visitLimit.span, print: () => this.#statement({ span: visitLimit.span, head: `visits at most ${num(visitLimit)}`, tail: "" }) });
    }
    for (const action of state.actions ?? []) members.push({ span: action.span, print: () => this.#statement(this.#action(action)) });
    for (const transition of state.transitions ?? []) members.push({ span: transition.span, print: () => this.#statement(this.#transition(transition)) });
    members.sort((a, b) => a.span.start - b.span.start);
    this.#block(
      state.span,
      `state ${state.name?.name ?? ""}${description}`,
      headerEnd,
      members.map((m) => m.print),
    );
  }

  #action(action: A.Action): Statement {
    const span = action.span;
    switch (action.kind) {
      case "AskAction": {
        const maxTokens = action.maxTokens === undefined ? "" : ` maxTokens ${num(action.maxTokens)}`;
        return this.#typed(span, `ask ${action.prompt?.name ?? ""} as ${action.result?.name ?? ""}: `, action.type, maxTokens);
      }
      case "CallAction": {
        const result = action.result === undefined ? "" : ` as ${action.result.name}`;
        return { span, head: `call ${action.tool?.name ?? ""} `, record: action.args, tail: result };
      }
      case "LoopAction": {
        const tools = (action.tools ?? []).map((t) => t.name).join(", ");
        let tail = "";
        if (action.maxTurns !== undefined) tail += ` at most ${num(action.maxTurns)} turns`;
        if (action.maxTokens !== undefined) tail += ` maxTokens ${num(action.maxTokens)}`;
        return this.#typed(span, `use tools [${tools}] with prompt ${action.prompt?.name ?? ""} until ${action.result?.name ?? ""}: `, action.type, tail);
      }
      case "AwaitAction": {
        const timeout = action.timeout === undefined ? "" : ` timeout ${quantity(action.timeout)}`;
        return this.#typed(span, `await human ${action.target?.name ?? ""} as ${action.result?.name ?? ""}: `, action.type, timeout);
      }
      case "ReplyAction":
        return this.#reply(span, "", action, "");
      case "EscalateAction":
        return { span, head: this.#escalate(action), tail: "" };
      default:
        return { span: (action as A.Node).span, head: "", tail: "" };
    }
  }

  /** A statement ending in a type: a record type (or array of records) may break over lines. */
  #typed(span: Span, head: string, type: A.TypeExpr | undefined, tail: string): Statement {
    const { record, suffix } = recordOf(type);
    if (record !== undefined) return { span, head, record, tail: suffix + tail };
    return { span, head: head + this.#type(type), tail };
  }

  #reply(span: Span, head: string, reply: A.ReplyAction, tail: string): Statement {
    if (reply.fields !== undefined && reply.text === undefined) {
      return { span, head: `${head}reply `, record: reply.fields, tail };
    }
    let text = `${head}reply`;
    if (reply.text !== undefined) text += ` ${this.#template(reply.text)}`;
    if (reply.fields !== undefined && reply.fields.fields.length > 0) {
      text += ` with ${reply.fields.fields.map((f) => `${f.name?.name ?? ""}: ${this.#expr(f.value)}`).join(", ")}`;
    }
    return { span, head: text, tail };
  }

  #escalate(escalate: A.EscalateAction): string {
    const reason = escalate.reason === undefined ? "" : ` ${this.#template(escalate.reason)}`;
    return `escalate ${escalate.target?.name ?? ""}${reason}`;
  }

  #transition(transition: A.Transition): Statement {
    const trigger = transition.trigger;
    let head: string;
    switch (trigger?.kind) {
      case "WhenTrigger":
        head = `when ${this.#expr(trigger.condition)} -> `;
        break;
      case "ElseTrigger":
        head = "else -> ";
        break;
      case "OnErrorTrigger":
        head = `on ${trigger.error?.name ?? ""} -> `;
        break;
      case "OnAnyErrorTrigger":
        head = "on error -> ";
        break;
      case "OnTimeoutTrigger":
        head = "on timeout -> ";
        break;
      case "OnExhaustedTrigger":
        head = "on exhausted -> ";
        break;
      default:
        head = "-> ";
    }
    const unreachable = transition.unreachable === undefined ? "" : ` unreachable ${this.#string(transition.unreachable)}`;
    const target = transition.target;
    switch (target?.kind) {
      case "ReplyAction":
        return this.#reply(transition.span, head, target, unreachable);
      case "EscalateAction":
        return { span: transition.span, head: head + this.#escalate(target), tail: unreachable };
      case "GotoTarget":
        return { span: transition.span, head: head + (target.state?.name ?? ""), tail: unreachable };
      default:
        return { span: transition.span, head, tail: unreachable };
    }
  }

  // ── Records and fields ────────────────────────────────────────────────────

  #fieldStatement(field: A.FieldDecl | A.RecordLiteralField): Statement {
    if (field.kind === "FieldDecl") {
      const annotations = this.#annotations(field.annotations);
      return this.#typed(field.span, `${field.name?.name ?? ""}${field.optional ? "?" : ""}: `, field.type, `${annotations},`);
    }
    const value = field.value;
    if (value?.kind === "RecordLiteral") return { span: field.span, head: `${field.name?.name ?? ""}: `, record: value, tail: "," };
    return { span: field.span, head: `${field.name?.name ?? ""}: ${this.#expr(value)}`, tail: "," };
  }

  #inlineRecord(record: A.RecordType | A.RecordLiteral): string {
    const fields: readonly (A.FieldDecl | A.RecordLiteralField)[] = record.fields ?? [];
    if (fields.length === 0) return "{}";
    const parts = fields.map((field) =>
      field.kind === "FieldDecl"
        ? `${field.name?.name ?? ""}${field.optional ? "?" : ""}: ${this.#type(field.type)}${this.#annotations(field.annotations)}`
        : `${field.name?.name ?? ""}: ${this.#expr(field.value)}`,
    );
    return `{ ${parts.join(", ")} }`;
  }

  #annotations(annotations: readonly A.Annotation[] | undefined): string {
    let text = "";
    for (const annotation of annotations ?? []) {
      text += ` @${annotation.name?.name ?? ""}`;
      const argument = annotation.argument;
      if (argument !== undefined) text += `(${argument.kind === "NumberLiteral" ? num(argument) : this.#string(argument)})`;
    }
    return text;
  }

  #type(type: A.TypeExpr | undefined): string {
    switch (type?.kind) {
      case "PrimitiveType":
        return type.name;
      case "LiteralUnionType":
        return (type.values ?? []).map((v) => this.#string(v)).join(" | ");
      case "ArrayType": {
        const element = this.#type(type.element);
        const grouped = type.element?.kind === "LiteralUnionType" && type.element.values.length > 1;
        return grouped ? `(${element})[]` : `${element}[]`;
      }
      case "RecordType":
        return this.#inlineRecord(type);
      default:
        return "";
    }
  }

  // ── Expressions and literals ──────────────────────────────────────────────

  #expr(expr: A.Expr | undefined): string {
    switch (expr?.kind) {
      case "BinaryExpr":
        return `${this.#expr(expr.left)} ${expr.operator} ${this.#expr(expr.right)}`;
      case "NotExpr":
        return `not ${this.#expr(expr.operand)}`;
      case "ParenExpr":
        return `(${this.#expr(expr.inner)})`;
      case "PathExpr":
        return pathText(expr.path);
      case "NumberLiteral":
        return num(expr);
      case "StringLiteral":
        return this.#string(expr);
      case "BooleanLiteral":
        return expr.value ? "true" : "false";
      case "RecordLiteral":
        return this.#inlineRecord(expr);
      case "ArrayLiteral":
        return `[${(expr.elements ?? []).map((e) => this.#expr(e)).join(", ")}]`;
      default:
        return "";
    }
  }

  /** A one-line string as the author wrote it (escapes kept). */
  #string(literal: A.StringLiteral | undefined): string {
    if (literal === undefined) return '""';
    const written = this.#text.slice(literal.span.start, literal.span.end);
    if (isOneLineString(written)) return written;
    return quote(literal.value ?? "");
  }

  #template(template: A.TemplateString | undefined): string {
    if (template === undefined) return '""';
    const written = this.#text.slice(template.span.start, template.span.end);
    if (!template.block) {
      if (isOneLineString(written)) return written;
      return `"${(template.raw ?? "").replace(/[\r\n]/g, " ")}"`;
    }
    const raw = written.length >= 6 && written.startsWith('"""') && written.endsWith('"""') ? written.slice(3, -3) : template.raw ?? "";
    return `"""${reindentBlock(raw, INDENT.repeat(this.#depth))}"""`;
  }
}

/**
 * A block string's raw text re-indented one level inside `indent`, when that provably keeps
 * the dedented text (which the compiler hashes) the same; otherwise the raw text unchanged.
 */
function reindentBlock(raw: string, indent: string): string {
  const lines = raw.split(/\r\n|\r|\n/);
  const before = dedentBlock(raw);
  if (lines.length >= 2 && isBlank(lines[0]!) && isBlank(lines[lines.length - 1]!)) {
    const body = lines.slice(1, -1);
    let common = Infinity;
    for (const line of body) if (!isBlank(line)) common = Math.min(common, leadingWhitespace(line).length);
    if (common === Infinity) common = 0;
    const content = indent + INDENT;
    const candidates = [
      body.map((line) => (isBlank(line) ? "" : content + line.slice(common))),
      body.map((line) => (line.length > common ? content + line.slice(common) : "")),
    ];
    for (const candidate of candidates) {
      const reindented = `\n${candidate.map((l) => l).join("\n")}${candidate.length > 0 ? "\n" : ""}${indent}`;
      if (dedentBlock(reindented) === before) return reindented;
    }
  }
  const lf = raw.replace(/\r\n?/g, "\n");
  return dedentBlock(lf) === before ? lf : raw;
}

function recordOf(type: A.TypeExpr | undefined): { record: A.RecordType | undefined; suffix: string } {
  let suffix = "";
  let t = type;
  while (t?.kind === "ArrayType") {
    suffix += "[]";
    t = t.element;
  }
  return t?.kind === "RecordType" ? { record: t, suffix } : { record: undefined, suffix: "" };
}

function isOneLineString(text: string): boolean {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') && !/[\r\n]/.test(text) && !(text.length >= 3 && text.endsWith('\\"') && !text.endsWith('\\\\"'));
}

function quote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "{") out += "\\{";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return `${out}"`;
}

function num(literal: A.NumberLiteral | undefined): string {
  if (literal === undefined) return "0";
  return literal.raw ?? String(literal.value);
}

/** Money, duration, percent or a plain number, as written. */
function quantity(value: A.NumberLiteral | A.MoneyLiteral | A.DurationLiteral | A.PercentLiteral | undefined): string {
  switch (value?.kind) {
    case "MoneyLiteral": {
      const amount = (value.raw ?? String(value.amount)).replace(/\s*usd$/, "");
      return `${amount} usd`;
    }
    case "PercentLiteral": {
      const raw = value.raw ?? String(value.percent);
      return raw.endsWith("%") ? raw : `${raw}%`;
    }
    case "DurationLiteral":
      return value.raw ?? `${value.milliseconds}ms`;
    case "NumberLiteral":
      return num(value);
    default:
      return "0";
  }
}

function pathText(path: A.FieldPath | undefined): string {
  return (path?.segments ?? []).map((s) => s.name).join(".");
}

/** Canonical comment text: LF line breaks, no trailing spaces. */
export function commentText(comment: A.Comment): string {
  const text = comment.text ?? "";
  if (!comment.block) return text.replace(/[ \t]+$/, "");
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n");
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}
