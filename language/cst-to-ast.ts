/**
 * CST → AST. Decodes what the grammar leaves as text (strings, numbers, durations,
 * templates) and reports what it finds wrong there. Error recovery can leave any child
 * missing, so every child is read as optional: a missing name becomes `""` and a missing
 * sub-tree is left out, never a throw.
 */
import type { CstNode, IToken } from "chevrotain";
import type * as A from "./ast.ts";
import type * as C from "./cst.ts";
import { diagnostic, type Diagnostic } from "./diagnostics/diagnostic.ts";
import type { DiagnosticCode } from "./diagnostics/codes.ts";
import type { Span } from "./span.ts";
import { blockLines } from "./block-string.ts";
import { BlockString, KW, UnterminatedBlockString, UnterminatedString } from "./tokens.ts";

type Loose<T> = { readonly [K in keyof T]?: T[K] };

export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  #report(code: DiagnosticCode, args: readonly (string | number)[], at: Span, help?: string): void {
    this.diagnostics.push(diagnostic(code, args, { file: this.#path, span: at, ...(help === undefined ? {} : { help }) }));
  }

  #nodeSpan(node: CstNode | undefined, fallback: Span = { start: 0, end: 0 }): Span {
    const location = node?.location;
    if (location === undefined || !Number.isFinite(location.startOffset)) return fallback;
    const end = Number.isFinite(location.endOffset) ? (location.endOffset as number) + 1 : location.startOffset + 1;
    return { start: location.startOffset, end: Math.max(end, location.startOffset) };
  }

  #tokenSpan(token: IToken): Span {
    return { start: token.startOffset, end: token.startOffset + token.image.length };
  }

  #identifier(token: IToken | undefined, fallback: Span): A.Identifier {
    if (token === undefined || token.isInsertedInRecovery === true || !Number.isFinite(token.startOffset)) {
      return { kind: "Identifier", span: { start: fallback.end, end: fallback.end }, name: "" };
    }
    return { kind: "Identifier", span: this.#tokenSpan(token), name: token.image };
  }

  #usable(token: IToken | undefined): token is IToken {
    return token !== undefined && token.isInsertedInRecovery !== true && Number.isFinite(token.startOffset);
  }

  /** Reports `,,` (an empty slot); a single trailing comma is allowed. */
  #checkCommas(commas: readonly IToken[] | undefined, items: readonly { span: Span }[]): void {
    if (commas === undefined) return;
    const starts = items.map((i) => i.span.start).sort((a, b) => a - b);
    let previous = -1;
    for (const comma of commas) {
      if (!this.#usable(comma)) continue;
      const between = starts.some((s) => s > previous && s < comma.startOffset);
      if (previous >= 0 && !between) {
        this.#report("AGC1004", ["unexpected ',': expected an item between commas"], this.#tokenSpan(comma));
      }
      previous = comma.startOffset;
    }
    if (commas.length > 0 && items.length === 0) {
      const comma = commas[0]!;
      if (this.#usable(comma)) this.#report("AGC1004", ["unexpected ',': the list is empty"], this.#tokenSpan(comma));
    }
  }

  // ── literals ───────────────────────────────────────────────────────────────

  number(token: IToken | undefined, fallback: Span): A.NumberLiteral | undefined {
    if (!this.#usable(token)) return undefined;
    const span = this.#tokenSpan(token);
    return { kind: "NumberLiteral", span, value: this.#numberValue(token.image, span), raw: token.image };
  }

  #numberValue(raw: string, span: Span): number {
    const value = Number(raw);
    if (!Number.isFinite(value)) {
      this.#report("AGC1008", [`${raw} is too large to be a number`], span);
      return Number.MAX_VALUE;
    }
    if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(value)) {
      this.#report("AGC1008", [`${raw} is beyond 2^53 and cannot be represented exactly`], span);
    }
    return value;
  }

  duration(token: IToken | undefined): A.DurationLiteral | undefined {
    if (!this.#usable(token)) return undefined;
    const span = this.#tokenSpan(token);
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(token.image);
    const amount = this.#numberValue(match?.[1] ?? "0", span);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match?.[2] ?? "ms"] ?? 1;
    let milliseconds = amount * unit;
    if (!Number.isFinite(milliseconds) || milliseconds > Number.MAX_SAFE_INTEGER) {
      this.#report("AGC1008", [`duration ${token.image} is too long`], span);
      milliseconds = Number.MAX_SAFE_INTEGER;
    }
    return { kind: "DurationLiteral", span, milliseconds, raw: token.image };
  }

  percent(token: IToken | undefined): A.PercentLiteral | undefined {
    if (!this.#usable(token)) return undefined;
    const span = this.#tokenSpan(token);
    const raw = token.image;
    return { kind: "PercentLiteral", span, percent: this.#numberValue(raw.slice(0, -1), span), raw };
  }

  money(node: C.MoneyCstNode | undefined): A.MoneyLiteral | undefined {
    const c = (node?.children ?? {}) as Loose<C.MoneyCstChildren>;
    const amount = c.amount?.[0];
    if (!this.#usable(amount)) return undefined;
    const span = this.#nodeSpan(node, this.#tokenSpan(amount));
    return { kind: "MoneyLiteral", span, amount: this.#numberValue(amount.image, this.#tokenSpan(amount)), raw: amount.image, currency: "usd" };
  }

  string(token: IToken | undefined): A.StringLiteral | undefined {
    if (!this.#usable(token)) return undefined;
    const span = this.#tokenSpan(token);
    if (token.tokenType === BlockString || token.tokenType === UnterminatedBlockString) {
      return { kind: "StringLiteral", span, value: this.#blockParts(token).map((p) => (p.kind === "TemplateText" ? p.text : "")).join("") };
    }
    const { start, end } = this.#stringContent(token);
    return { kind: "StringLiteral", span, value: this.#unescape(token.image.slice(start, end), token.startOffset + start) };
  }

  #stringContent(token: IToken): { start: number; end: number } {
    const closed = token.tokenType !== UnterminatedString && token.image.length >= 2;
    return { start: 1, end: closed ? token.image.length - 1 : token.image.length };
  }

  #unescape(raw: string, offset: number): string {
    if (!raw.includes("\\")) return raw;
    let out = "";
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i]!;
      if (ch !== "\\") {
        out += ch;
        continue;
      }
      const next = raw[i + 1];
      const simple = next === undefined ? undefined : ESCAPES.get(next);
      if (simple !== undefined) {
        out += simple;
        i++;
      } else if (next === "u") {
        const match = /^\{([0-9A-Fa-f]{1,6})\}/.exec(raw.slice(i + 2));
        const code = match === null ? NaN : parseInt(match[1]!, 16);
        if (match === null || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
          this.#report("AGC1010", ["\\u"], { start: offset + i, end: offset + i + 2 + (match?.[0].length ?? 0) });
          out += "\\u";
          i++;
        } else {
          out += String.fromCodePoint(code);
          i += 1 + match[0].length;
        }
      } else {
        this.#report("AGC1010", [`\\${next ?? ""}`], { start: offset + i, end: offset + i + (next === undefined ? 1 : 2) });
        if (next !== undefined) {
          out += next;
          i++;
        }
      }
    }
    return out;
  }

  template(node: C.TemplateCstNode | undefined): A.TemplateString | undefined {
    const token = (node?.children as Loose<C.TemplateCstChildren> | undefined)?.string?.[0];
    return this.templateFromToken(token);
  }

  templateFromToken(token: IToken | undefined): A.TemplateString | undefined {
    if (!this.#usable(token)) return undefined;
    const span = this.#tokenSpan(token);
    const block = token.tokenType === BlockString || token.tokenType === UnterminatedBlockString;
    if (block) {
      const closed = token.tokenType === BlockString;
      return { kind: "TemplateString", span, block, parts: this.#blockParts(token), raw: token.image.slice(3, closed ? -3 : undefined) };
    }
    const { start, end } = this.#stringContent(token);
    const raw = token.image.slice(start, end);
    return { kind: "TemplateString", span, block, parts: this.#lineParts(raw, token.startOffset + start), raw };
  }

  /** Splits one line of raw string text into text and placeholders, unescaping the text. */
  #lineParts(raw: string, offset: number, escapes = true): A.TemplatePart[] {
    const parts: A.TemplatePart[] = [];
    let textStart = 0;
    let i = 0;
    const pushText = (to: number): void => {
      if (to > textStart) {
        const slice = raw.slice(textStart, to);
        const text = escapes ? this.#unescape(slice, offset + textStart) : slice.replaceAll("\\{", "{");
        const last = parts.at(-1);
        if (last?.kind === "TemplateText") {
          parts[parts.length - 1] = { kind: "TemplateText", span: { start: last.span.start, end: offset + to }, text: last.text + text };
        } else {
          parts.push({ kind: "TemplateText", span: { start: offset + textStart, end: offset + to }, text });
        }
      }
    };
    while (i < raw.length) {
      if (raw[i] === "\\") {
        i += 2;
        continue;
      }
      if (raw[i] === "{" && raw[i + 1] === "{") {
        const close = raw.indexOf("}}", i + 2);
        if (close < 0) {
          this.#report("AGC1011", ["unclosed placeholder: expected }}"], { start: offset + i, end: offset + i + 2 });
          break;
        }
        const inner = raw.slice(i + 2, close);
        const match = /^(\s*)([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*$/.exec(inner);
        if (match === null) {
          this.#report("AGC1011", [`malformed placeholder {{${inner.length > 30 ? inner.slice(0, 27) + "…" : inner}}}`], { start: offset + i, end: offset + close + 2 });
          i = close + 2;
          continue;
        }
        pushText(i);
        const pathStart = offset + i + 2 + match[1]!.length;
        const segments: A.Identifier[] = [];
        let segmentStart = pathStart;
        for (const name of match[2]!.split(".")) {
          segments.push({ kind: "Identifier", span: { start: segmentStart, end: segmentStart + name.length }, name });
          segmentStart += name.length + 1;
        }
        parts.push({
          kind: "Placeholder",
          span: { start: offset + i, end: offset + close + 2 },
          path: { kind: "FieldPath", span: { start: pathStart, end: pathStart + match[2]!.length }, segments },
        });
        i = close + 2;
        textStart = i;
        continue;
      }
      i++;
    }
    pushText(raw.length);
    return parts;
  }

  /** Block string: drop a blank first and last line, remove the common indentation. */
  #blockParts(token: IToken): A.TemplatePart[] {
    const closed = token.tokenType === BlockString;
    const raw = token.image.slice(3, closed ? -3 : undefined);
    const base = token.startOffset + 3;
    const lines = blockLines(raw);
    const parts: A.TemplatePart[] = [];
    const push = (part: A.TemplatePart): void => {
      const previous = parts.at(-1);
      if (part.kind === "TemplateText" && previous?.kind === "TemplateText") {
        parts[parts.length - 1] = { kind: "TemplateText", span: { start: previous.span.start, end: part.span.end }, text: previous.text + part.text };
      } else parts.push(part);
    };
    lines.forEach((line, index) => {
      if (index > 0) push({ kind: "TemplateText", span: { start: base + line.start, end: base + line.start }, text: "\n" });
      for (const part of this.#lineParts(line.text.slice(line.cut), base + line.start + line.cut, false)) push(part);
    });
    return parts;
  }

  // ── file ───────────────────────────────────────────────────────────────────

  file(node: C.FileCstNode | undefined, comments: readonly IToken[], textLength: number): A.AgentFile {
    const c = (node?.children ?? {}) as Loose<C.FileCstChildren>;
    const imports = (c.importDecl ?? []).map((n) => this.importDecl(n));
    const agents = (c.agentDecl ?? []).map((n) => this.agentDecl(n));
    const tools = (c.toolDecl ?? []).map((n) => this.toolDecl(n));
    for (const extra of agents.slice(1)) {
      this.#report("AGC2017", ["a file holds one agent; this is a second one"], extra.name.span, "move it into a file of its own");
    }
    return {
      kind: "AgentFile",
      span: { start: 0, end: textLength },
      imports,
      agent: agents[0],
      tools,
      comments: comments.map((t) => ({ kind: "Comment", span: this.#tokenSpan(t), text: t.image, block: t.image.startsWith("/*") })),
    };
  }

  importDecl(node: C.ImportDeclCstNode): A.ImportDecl {
    const c = node.children as Loose<C.ImportDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const names = this.#nameList(c.nameList?.[0], span);
    const from = this.string(c.from?.[0]) ?? { kind: "StringLiteral", span: { start: span.end, end: span.end }, value: "" };
    return { kind: "ImportDecl", span, names, from };
  }

  #nameList(node: C.NameListCstNode | undefined, fallback: Span): A.Identifier[] {
    const c = (node?.children ?? {}) as Loose<C.NameListCstChildren>;
    const names = (c.names ?? []).filter((t) => this.#usable(t)).map((t) => this.#identifier(t, fallback));
    this.#checkCommas(c.Comma, names);
    return names;
  }

  agentDecl(node: C.AgentDeclCstNode): A.AgentDecl {
    const c = node.children as Loose<C.AgentDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const keywordSpan = c.Kw_agent?.[0] ? this.#tokenSpan(c.Kw_agent[0]) : span;
    const members: A.AgentMember[] = [];
    for (const member of c.agentMember ?? []) {
      const built = this.agentMember(member);
      if (built !== undefined) members.push(built);
    }
    return {
      kind: "AgentDecl",
      span,
      name: this.#identifier(c.name?.[0], keywordSpan),
      description: this.string(c.description?.[0]),
      members,
    };
  }

  agentMember(node: C.AgentMemberCstNode): A.AgentMember | undefined {
    const c = node.children as Loose<C.AgentMemberCstChildren>;
    if (c.versionDecl?.[0]) {
      const n = c.versionDecl[0];
      const value = this.number((n.children as Loose<C.VersionDeclCstChildren>).value?.[0], this.#nodeSpan(n));
      return value && { kind: "VersionDecl", span: this.#nodeSpan(n), value };
    }
    if (c.recordDecl?.[0]) {
      const r = this.recordDecl(c.recordDecl[0]);
      return r && { kind: "RecordDecl", span: r.span, which: r.which, type: r.type };
    }
    if (c.modelDecl?.[0]) return this.modelDecl(c.modelDecl[0]);
    if (c.budgetDecl?.[0]) return this.budgetDecl(c.budgetDecl[0]);
    if (c.escalationDecl?.[0]) {
      const n = c.escalationDecl[0];
      const e = n.children as Loose<C.EscalationDeclCstChildren>;
      const span = this.#nodeSpan(n);
      return { kind: "EscalationDecl", span, name: this.#identifier(e.name?.[0], span), description: this.string(e.description?.[0]) };
    }
    if (c.alertDecl?.[0]) return this.alertDecl(c.alertDecl[0]);
    if (c.toolDecl?.[0]) return this.toolDecl(c.toolDecl[0]);
    if (c.promptDecl?.[0]) return this.promptDecl(c.promptDecl[0]);
    if (c.exampleDecl?.[0]) {
      const n = c.exampleDecl[0];
      const e = n.children as Loose<C.ExampleDeclCstChildren>;
      const span = this.#nodeSpan(n);
      const name = this.string(e.name?.[0]);
      const value = e.recordLiteral?.[0] ? this.recordLiteral(e.recordLiteral[0]) : undefined;
      return name && value && { kind: "ExampleDecl", span, name, value };
    }
    if (c.testDecl?.[0]) return this.testDecl(c.testDecl[0]);
    if (c.startDecl?.[0]) {
      const n = c.startDecl[0];
      const span = this.#nodeSpan(n);
      return { kind: "StartDecl", span, state: this.#identifier((n.children as Loose<C.StartDeclCstChildren>).state?.[0], span) };
    }
    if (c.stateDecl?.[0]) return this.stateDecl(c.stateDecl[0]);
    return undefined;
  }

  testDecl(node: C.TestDeclCstNode): A.TestDecl | undefined {
    const c = node.children as Loose<C.TestDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const name = this.string(c.name?.[0]);
    const items: A.TestItem[] = [];
    for (const itemNode of c.testItem ?? []) {
      const item = this.testItem(itemNode);
      if (item !== undefined) items.push(item);
    }
    return name && { kind: "TestDecl", span, name, items };
  }

  testItem(node: C.TestItemCstNode): A.TestItem | undefined {
    const c = node.children as Loose<C.TestItemCstChildren>;
    const span = this.#nodeSpan(node);
    const keyword = c.item?.[0];
    if (!this.#usable(keyword)) return undefined;
    const name = this.#identifier(c.name?.[0], span);
    const value = c.value?.[0] ? this.operand(c.value[0]) : undefined;
    const timeout = this.#usable(c.timeout?.[0]);
    switch (keyword.image) {
      case "input":
        return c.recordLiteral?.[0] ? { kind: "TestInput", span, value: this.recordLiteral(c.recordLiteral[0]) } : undefined;
      case "model": {
        if (c.args?.[0]) return { kind: "TestModelAnswer", span, prompt: name, call: this.#identifier(c.call?.[0], span), value: this.recordLiteral(c.args[0]) };
        return value && { kind: "TestModelAnswer", span, prompt: name, call: undefined, value };
      }
      case "tool": {
        const error = this.#usable(c.error?.[0]) ? this.#identifier(c.error[0], span) : undefined;
        if (value === undefined && error === undefined && !timeout) return undefined;
        return { kind: "TestToolResult", span, tool: name, value: error === undefined && !timeout ? value : undefined, error, timeout };
      }
      case "human":
        if (value === undefined && !timeout) return undefined;
        return { kind: "TestHumanResponse", span, state: name, value: timeout ? undefined : value, timeout };
      case "expect":
        return c.testExpectation?.[0] ? this.testExpectation(c.testExpectation[0], span) : undefined;
    }
    return undefined;
  }

  testExpectation(node: C.TestExpectationCstNode, span: Span): A.TestItem | undefined {
    const c = node.children as Loose<C.TestExpectationCstChildren>;
    switch (c.which?.[0]?.image) {
      case "path":
        return { kind: "TestExpectPath", span, states: this.#nameList(c.nameList?.[0], span) };
      case "reply":
        return { kind: "TestExpectReply", span, fields: c.recordLiteral?.[0] ? this.recordLiteral(c.recordLiteral[0]) : undefined };
      case "escalate":
        return { kind: "TestExpectEscalate", span, target: this.#identifier(c.target?.[0], span), reason: this.string(c.reason?.[0]) };
    }
    return undefined;
  }

  recordDecl(node: C.RecordDeclCstNode): { span: Span; which: "input" | "output"; type: A.RecordType } | undefined {
    const c = node.children as Loose<C.RecordDeclCstChildren>;
    const which = c.which?.[0]?.image === "output" ? "output" : "input";
    const type = c.recordType?.[0] ? this.recordType(c.recordType[0]) : undefined;
    return type && { span: this.#nodeSpan(node), which, type };
  }

  modelDecl(node: C.ModelDeclCstNode): A.ModelDecl {
    const c = node.children as Loose<C.ModelDeclCstChildren>;
    let primary: A.StringLiteral | undefined;
    let fallback: A.StringLiteral | undefined;
    let maxTokens: A.NumberLiteral | undefined;
    let temperature: A.NumberLiteral | undefined;
    const span = this.#nodeSpan(node);
    for (const option of c.modelOption ?? []) {
      const o = option.children as Loose<C.ModelOptionCstChildren>;
      const keyword = o.option?.[0];
      if (keyword === undefined) continue;
      const repeated = (): void => this.#report("AGC2010", [`\`model ${keyword.image}\``], this.#tokenSpan(keyword));
      switch (keyword.image) {
        case "primary":
          if (primary !== undefined) repeated();
          primary = this.string(o.string?.[0]) ?? primary;
          break;
        case "fallback":
          if (fallback !== undefined) repeated();
          fallback = this.string(o.string?.[0]) ?? fallback;
          break;
        case "maxTokens":
          if (maxTokens !== undefined) repeated();
          maxTokens = this.number(o.number?.[0], span) ?? maxTokens;
          break;
        case "temperature":
          if (temperature !== undefined) repeated();
          temperature = this.number(o.number?.[0], span) ?? temperature;
          break;
      }
    }
    return { kind: "ModelDecl", span, primary, fallback, maxTokens, temperature };
  }

  budgetDecl(node: C.BudgetDeclCstNode): A.BudgetDecl {
    const c = node.children as Loose<C.BudgetDeclCstChildren>;
    const items: A.BudgetItem[] = [];
    for (const itemNode of c.budgetItem ?? []) {
      const i = itemNode.children as Loose<C.BudgetItemCstChildren>;
      const metric = i.metric?.[0]?.image as A.BudgetItem["metric"] | undefined;
      const span = this.#nodeSpan(itemNode);
      let value: A.BudgetItem["value"] | undefined;
      if (metric === "cost") value = this.money(i.money?.[0]);
      else if (metric === "time") value = this.duration(i.duration?.[0]);
      else value = this.number(i.number?.[0], span);
      if (metric !== undefined && value !== undefined) items.push({ kind: "BudgetItem", span, metric, value });
    }
    return { kind: "BudgetDecl", span: this.#nodeSpan(node), items };
  }

  alertDecl(node: C.AlertDeclCstNode): A.AlertDecl | undefined {
    const c = node.children as Loose<C.AlertDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const t = (c.alertThreshold?.[0]?.children ?? {}) as Loose<C.AlertThresholdCstChildren>;
    const threshold =
      this.percent(t.percent?.[0]) ?? this.duration(t.duration?.[0]) ?? this.money(t.money?.[0]) ?? this.number(t.number?.[0], span);
    return threshold && { kind: "AlertDecl", span, metric: this.#identifier(c.metric?.[0], span), threshold };
  }

  toolDecl(node: C.ToolDeclCstNode): A.ToolDecl {
    const c = node.children as Loose<C.ToolDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const clauses: A.ToolClause[] = [];
    for (const clause of c.toolClause ?? []) {
      const built = this.toolClause(clause);
      if (built !== undefined) clauses.push(built);
    }
    return { kind: "ToolDecl", span, name: this.#identifier(c.name?.[0], span), description: this.string(c.description?.[0]), clauses };
  }

  toolClause(node: C.ToolClauseCstNode): A.ToolClause | undefined {
    const c = node.children as Loose<C.ToolClauseCstChildren>;
    const span = this.#nodeSpan(node);
    if (c.recordDecl?.[0]) {
      const r = this.recordDecl(c.recordDecl[0]);
      return r && { kind: "ToolSchemaClause", span, which: r.which, type: r.type };
    }
    if (c.errorsClause?.[0]) {
      const e = c.errorsClause[0].children as Loose<C.ErrorsClauseCstChildren>;
      const errors = (e.toolError ?? []).map((n): A.ToolErrorDecl => {
        const t = n.children as Loose<C.ToolErrorCstChildren>;
        const errorSpan = this.#nodeSpan(n);
        return { kind: "ToolErrorDecl", span: errorSpan, name: this.#identifier(t.name?.[0], errorSpan), retryable: (t.Kw_retryable?.length ?? 0) > 0 };
      });
      return { kind: "ToolErrorsClause", span, errors };
    }
    if (c.effectsClause?.[0]) {
      const e = c.effectsClause[0].children as Loose<C.EffectsClauseCstChildren>;
      const effectToken = e.effect?.[0];
      if (!this.#usable(effectToken)) return undefined;
      return {
        kind: "ToolEffectsClause",
        span,
        effect: effectToken.image as A.EffectClass,
        effectSpan: this.#tokenSpan(effectToken),
        idempotencyKey: (e.path ?? []).map((p) => this.path(p)),
      };
    }
    if (c.timeout?.[0]) {
      const value = this.duration(c.duration?.[0]);
      return value && { kind: "ToolTimeoutClause", span, value };
    }
    if (c.retryClause?.[0]) {
      const r = c.retryClause[0].children as Loose<C.RetryClauseCstChildren>;
      const backoff = r.backoff?.[0]?.image as "exponential" | "fixed" | undefined;
      return { kind: "ToolRetryClause", span, attempts: this.number(r.attempts?.[0], span), backoff, delay: this.duration(r.delay?.[0]) };
    }
    if (c.breakerClause?.[0]) {
      const b = c.breakerClause[0].children as Loose<C.BreakerClauseCstChildren>;
      const failures = this.number(b.failures?.[0], span);
      const window = this.duration(b.window?.[0]);
      const cooldown = this.duration(b.cooldown?.[0]);
      return failures && window && cooldown && { kind: "ToolBreakerClause", span, failures, window, cooldown };
    }
    if (c.rateClause?.[0]) {
      const r = c.rateClause[0].children as Loose<C.RateClauseCstChildren>;
      const count = this.number(r.count?.[0], span);
      const per = this.duration(r.per?.[0]);
      return count && per && { kind: "ToolRateClause", span, count, per };
    }
    if (c.calls?.[0]) {
      const value = this.number(c.number?.[0], span);
      return value && { kind: "ToolCallsClause", span, value };
    }
    if (c.cost?.[0]) {
      const value = this.money(c.money?.[0]);
      return value && { kind: "ToolCostClause", span, value };
    }
    return undefined;
  }

  promptDecl(node: C.PromptDeclCstNode): A.PromptDecl | undefined {
    const c = node.children as Loose<C.PromptDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const versionToken = c.version?.[0];
    const body = this.template(c.template?.[0]);
    if (body === undefined || !this.#usable(versionToken)) return undefined;
    const versionSpan = this.#tokenSpan(versionToken);
    const version = this.#numberValue(versionToken.image.slice(1), versionSpan);
    return { kind: "PromptDecl", span, name: this.#identifier(c.name?.[0], span), version, versionSpan, body };
  }

  stateDecl(node: C.StateDeclCstNode): A.StateDecl {
    const c = node.children as Loose<C.StateDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const actions: A.Action[] = [];
    const transitions: A.Transition[] = [];
    for (const member of c.stateMember ?? []) {
      const m = member.children as Loose<C.StateMemberCstChildren>;
      if (m.transition?.[0]) {
        const t = this.transition(m.transition[0]);
        if (t !== undefined) transitions.push(t);
        continue;
      }
      const action = this.action(m);
      if (action !== undefined) actions.push(action);
    }
    return {
      kind: "StateDecl",
      span,
      name: this.#identifier(c.name?.[0], span),
      description: this.string(c.description?.[0]),
      visitLimit: this.number(c.visitLimit?.[0], span),
      actions,
      transitions,
    };
  }

  action(m: Loose<C.StateMemberCstChildren>): A.Action | undefined {
    if (m.askAction?.[0]) {
      const n = m.askAction[0];
      const a = n.children as Loose<C.AskActionCstChildren>;
      const span = this.#nodeSpan(n);
      const type = a.typeExpr?.[0] ? this.typeExpr(a.typeExpr[0]) : undefined;
      return (
        type && {
          kind: "AskAction",
          span,
          prompt: this.#identifier(a.prompt?.[0], span),
          result: this.#identifier(a.result?.[0], span),
          type,
          maxTokens: this.number(a.maxTokens?.[0], span),
        }
      );
    }
    if (m.callAction?.[0]) {
      const n = m.callAction[0];
      const a = n.children as Loose<C.CallActionCstChildren>;
      const span = this.#nodeSpan(n);
      const args = a.recordLiteral?.[0] ? this.recordLiteral(a.recordLiteral[0]) : { kind: "RecordLiteral" as const, span: { start: span.end, end: span.end }, fields: [] };
      return {
        kind: "CallAction",
        span,
        tool: this.#identifier(a.tool?.[0], span),
        args,
        result: this.#usable(a.result?.[0]) ? this.#identifier(a.result[0], span) : undefined,
      };
    }
    if (m.loopAction?.[0]) {
      const n = m.loopAction[0];
      const a = n.children as Loose<C.LoopActionCstChildren>;
      const span = this.#nodeSpan(n);
      const type = a.typeExpr?.[0] ? this.typeExpr(a.typeExpr[0]) : undefined;
      return (
        type && {
          kind: "LoopAction",
          span,
          tools: this.#nameList(a.nameList?.[0], span),
          prompt: this.#identifier(a.prompt?.[0], span),
          result: this.#identifier(a.result?.[0], span),
          type,
          maxTurns: this.number(a.maxTurns?.[0], span),
          maxTokens: this.number(a.maxTokens?.[0], span),
        }
      );
    }
    if (m.awaitAction?.[0]) {
      const n = m.awaitAction[0];
      const a = n.children as Loose<C.AwaitActionCstChildren>;
      const span = this.#nodeSpan(n);
      const type = a.typeExpr?.[0] ? this.typeExpr(a.typeExpr[0]) : undefined;
      return (
        type && {
          kind: "AwaitAction",
          span,
          target: this.#identifier(a.target?.[0], span),
          result: this.#identifier(a.result?.[0], span),
          type,
          timeout: this.duration(a.timeout?.[0]),
        }
      );
    }
    if (m.replyAction?.[0]) return this.replyAction(m.replyAction[0]);
    if (m.escalateAction?.[0]) return this.escalateAction(m.escalateAction[0]);
    return undefined;
  }

  replyAction(node: C.ReplyActionCstNode): A.ReplyAction {
    const c = node.children as Loose<C.ReplyActionCstChildren>;
    const span = this.#nodeSpan(node);
    const text = this.template(c.template?.[0]);
    let fields: A.RecordLiteral | undefined;
    if (c.recordLiteral?.[0]) fields = this.recordLiteral(c.recordLiteral[0]);
    else if (c.recordField !== undefined && c.recordField.length > 0) {
      const built = c.recordField.map((f) => this.recordField(f)).filter((f) => f !== undefined);
      this.#checkCommas(c.Comma, built);
      const withToken = c.Kw_with?.[0];
      const start = withToken ? withToken.startOffset : (built[0]?.span.start ?? span.end);
      fields = { kind: "RecordLiteral", span: { start, end: built.at(-1)?.span.end ?? span.end }, fields: built };
    }
    return { kind: "ReplyAction", span, text, fields };
  }

  escalateAction(node: C.EscalateActionCstNode): A.EscalateAction {
    const c = node.children as Loose<C.EscalateActionCstChildren>;
    const span = this.#nodeSpan(node);
    return { kind: "EscalateAction", span, target: this.#identifier(c.target?.[0], span), reason: this.template(c.template?.[0]) };
  }

  transition(node: C.TransitionCstNode): A.Transition | undefined {
    const c = node.children as Loose<C.TransitionCstChildren>;
    const span = this.#nodeSpan(node);
    let trigger: A.Trigger;
    const keyword = c.Kw_when?.[0] ?? c.Kw_else?.[0] ?? c.Kw_on?.[0] ?? c.Arrow?.[0];
    const triggerStart = keyword?.startOffset ?? span.start;
    if (c.Kw_when?.[0]) {
      const condition = c.expr?.[0] ? this.expr(c.expr[0]) : undefined;
      if (condition === undefined) return undefined;
      trigger = { kind: "WhenTrigger", span: { start: triggerStart, end: condition.span.end }, condition };
    } else if (c.Kw_else?.[0]) {
      trigger = { kind: "ElseTrigger", span: this.#tokenSpan(c.Kw_else[0]) };
    } else if (c.Kw_on?.[0]) {
      const on = c.on?.[0];
      if (!this.#usable(on)) return undefined;
      const triggerSpan = { start: triggerStart, end: on.startOffset + on.image.length };
      if (on.tokenType === KW.error) trigger = { kind: "OnAnyErrorTrigger", span: triggerSpan };
      else if (on.tokenType === KW.timeout) trigger = { kind: "OnTimeoutTrigger", span: triggerSpan };
      else if (on.tokenType === KW.exhausted) trigger = { kind: "OnExhaustedTrigger", span: triggerSpan };
      else trigger = { kind: "OnErrorTrigger", span: triggerSpan, error: this.#identifier(on, triggerSpan) };
    } else {
      trigger = { kind: "AlwaysTrigger", span: c.Arrow?.[0] ? this.#tokenSpan(c.Arrow[0]) : span };
    }
    const targetNode = c.target?.[0];
    if (targetNode === undefined) return undefined;
    const t = targetNode.children as Loose<C.TargetCstChildren>;
    let target: A.TransitionTarget;
    if (t.replyAction?.[0]) target = this.replyAction(t.replyAction[0]);
    else if (t.escalateAction?.[0]) target = this.escalateAction(t.escalateAction[0]);
    else {
      const state = t.state?.[0];
      if (!this.#usable(state)) return undefined;
      target = { kind: "GotoTarget", span: this.#tokenSpan(state), state: this.#identifier(state, span) };
    }
    return { kind: "Transition", span, trigger, target, unreachable: this.string(c.reason?.[0]) };
  }

  // ── types ──────────────────────────────────────────────────────────────────

  typeExpr(node: C.TypeExprCstNode): A.TypeExpr | undefined {
    const c = node.children as Loose<C.TypeExprCstChildren>;
    let type: A.TypeExpr | undefined;
    const primitive = c.primitive?.[0];
    if (this.#usable(primitive)) {
      type = { kind: "PrimitiveType", span: this.#tokenSpan(primitive), name: primitive.image as A.PrimitiveType["name"] };
    } else if (c.literal !== undefined && c.literal.length > 0) {
      const values = c.literal.map((t) => this.string(t)).filter((v): v is A.StringLiteral => v !== undefined);
      if (values.length === 0) return undefined;
      type = { kind: "LiteralUnionType", span: { start: values[0]!.span.start, end: values.at(-1)!.span.end }, values };
    } else if (c.recordType?.[0]) {
      type = this.recordType(c.recordType[0]);
    } else if (c.inner?.[0]) {
      type = this.typeExpr(c.inner[0]); // parentheses only group: `("a" | "b")[]`
    }
    if (type === undefined) return undefined;
    for (const bracket of c.array ?? []) {
      if (!this.#usable(bracket)) continue;
      type = { kind: "ArrayType", span: { start: type.span.start, end: bracket.startOffset + 2 }, element: type };
    }
    return type;
  }

  recordType(node: C.RecordTypeCstNode): A.RecordType {
    const c = node.children as Loose<C.RecordTypeCstChildren>;
    const fields: A.FieldDecl[] = [];
    for (const f of c.fieldDecl ?? []) {
      const built = this.fieldDecl(f);
      if (built !== undefined) fields.push(built);
    }
    this.#checkCommas(c.Comma, fields);
    return { kind: "RecordType", span: this.#nodeSpan(node), fields };
  }

  fieldDecl(node: C.FieldDeclCstNode): A.FieldDecl | undefined {
    const c = node.children as Loose<C.FieldDeclCstChildren>;
    const span = this.#nodeSpan(node);
    const type = c.typeExpr?.[0] ? this.typeExpr(c.typeExpr[0]) : undefined;
    if (type === undefined) return undefined;
    const annotations = (c.annotation ?? []).map((a): A.Annotation => {
      const an = a.children as Loose<C.AnnotationCstChildren>;
      const annotationSpan = this.#nodeSpan(a);
      const argument = an.argument?.[0];
      let value: A.NumberLiteral | A.StringLiteral | undefined;
      if (this.#usable(argument)) value = argument.image.startsWith('"') ? this.string(argument) : this.number(argument, annotationSpan);
      return { kind: "Annotation", span: annotationSpan, name: this.#identifier(an.name?.[0], annotationSpan), argument: value };
    });
    return { kind: "FieldDecl", span, name: this.#identifier(c.name?.[0], span), optional: (c.Question?.length ?? 0) > 0, type, annotations };
  }

  // ── expressions ────────────────────────────────────────────────────────────

  /** Precedence: comparisons bind tighter than `and`, which binds tighter than `or`. */
  expr(node: C.ExprCstNode): A.Expr | undefined {
    const c = node.children as Loose<C.ExprCstChildren>;
    const operands = (c.operands ?? []).map((o) => this.operand(o));
    const operators = c.operators ?? [];
    const output: A.Expr[] = [];
    const pending: A.BinaryOperator[] = [];
    const reduce = (): void => {
      const operator = pending.pop()!;
      const right = output.pop();
      const left = output.pop();
      if (left === undefined || right === undefined) {
        const only = left ?? right;
        if (only !== undefined) output.push(only);
        return;
      }
      output.push({ kind: "BinaryExpr", span: { start: left.span.start, end: right.span.end }, operator, left, right });
    };
    for (let i = 0; i < operands.length; i++) {
      const operand = operands[i];
      if (operand !== undefined) output.push(operand);
      const token = operators[i];
      if (token === undefined || i === operands.length - 1) break;
      const operator = token.image as A.BinaryOperator;
      while (pending.length > 0 && PRECEDENCE[pending.at(-1)!] >= PRECEDENCE[operator]) reduce();
      pending.push(operator);
    }
    while (pending.length > 0) reduce();
    return output.length === 0 ? undefined : output.reduce((left, right) => ({
      kind: "BinaryExpr",
      span: { start: left.span.start, end: right.span.end },
      operator: "and",
      left,
      right,
    }));
  }

  operand(node: C.OperandCstNode): A.Expr | undefined {
    const c = node.children as Loose<C.OperandCstChildren>;
    let value = this.#primary(node, c);
    if (value === undefined) return undefined;
    const nots = c.not ?? [];
    for (let i = nots.length - 1; i >= 0; i--) {
      value = { kind: "NotExpr", span: { start: nots[i]!.startOffset, end: value.span.end }, operand: value };
    }
    return value;
  }

  #primary(node: C.OperandCstNode, c: Loose<C.OperandCstChildren>): A.Expr | undefined {
    if (this.#usable(c.boolean?.[0])) return { kind: "BooleanLiteral", span: this.#tokenSpan(c.boolean[0]), value: c.boolean[0].image === "true" };
    if (c.number?.[0]) return this.number(c.number[0], this.#nodeSpan(node));
    if (c.string?.[0]) return this.string(c.string[0]);
    if (c.recordLiteral?.[0]) return this.recordLiteral(c.recordLiteral[0]);
    if (c.arrayLiteral?.[0]) {
      const arrayNode = c.arrayLiteral[0];
      const a = arrayNode.children as Loose<C.ArrayLiteralCstChildren>;
      const elements = (a.expr ?? []).map((e) => this.expr(e)).filter((e): e is A.Expr => e !== undefined);
      this.#checkCommas(a.Comma, elements);
      return { kind: "ArrayLiteral", span: this.#nodeSpan(arrayNode), elements };
    }
    if (c.expr?.[0]) {
      const inner = this.expr(c.expr[0]);
      const open = c.LParen?.[0];
      const close = c.RParen?.[0];
      const start = open ? open.startOffset : (inner?.span.start ?? 0);
      const end = this.#usable(close) ? close.startOffset + 1 : (inner?.span.end ?? start);
      return inner && { kind: "ParenExpr", span: { start, end }, inner };
    }
    const segments = (c.segments ?? []).filter((t) => this.#usable(t));
    if (segments.length > 0) {
      const identifiers = segments.map((t) => this.#identifier(t, { start: 0, end: 0 }));
      const span = { start: identifiers[0]!.span.start, end: identifiers.at(-1)!.span.end };
      return { kind: "PathExpr", span, path: { kind: "FieldPath", span, segments: identifiers } };
    }
    return undefined;
  }

  path(node: C.PathCstNode): A.FieldPath {
    const c = node.children as Loose<C.PathCstChildren>;
    const span = this.#nodeSpan(node);
    const segments = (c.segments ?? []).map((t) => this.#identifier(t, span));
    return { kind: "FieldPath", span, segments };
  }

  recordLiteral(node: C.RecordLiteralCstNode): A.RecordLiteral {
    const c = node.children as Loose<C.RecordLiteralCstChildren>;
    const fields = (c.recordField ?? []).map((f) => this.recordField(f)).filter((f) => f !== undefined);
    this.#checkCommas(c.Comma, fields);
    return { kind: "RecordLiteral", span: this.#nodeSpan(node), fields };
  }

  recordField(node: C.RecordFieldCstNode): A.RecordLiteralField | undefined {
    const c = node.children as Loose<C.RecordFieldCstChildren>;
    const span = this.#nodeSpan(node);
    const value = c.expr?.[0] ? this.expr(c.expr[0]) : undefined;
    if (value === undefined || !this.#usable(c.name?.[0])) return undefined;
    return { kind: "RecordLiteralField", span, name: this.#identifier(c.name[0], span), value };
  }
}

const PRECEDENCE: Readonly<Record<A.BinaryOperator, number>> = {
  or: 1,
  and: 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
};

const ESCAPES = new Map<string, string>([
  ["n", "\n"],
  ["t", "\t"],
  ["r", "\r"],
  ['"', '"'],
  ["\\", "\\"],
  ["{", "{"],
]);
