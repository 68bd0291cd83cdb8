/**
 * Every occurrence of a named thing in a loaded workspace — states, tools, prompts,
 * escalation targets, step results, record fields, tool errors — keyed by the declaration
 * it denotes. Names resolve through the compiler's own symbol tables
 * (`resolve/symbols.ts`) and path typing (`resolve/expressions.ts`); this file only
 * records where each resolved name was written, for navigation, rename and hover.
 */
import type * as A from "../../language/ast.ts";
import type { Span } from "../../language/span.ts";
import type { Workspace, WorkspaceFile } from "../workspace.ts";
import { resolvePath, type Scope } from "../resolve/expressions.ts";
import { buildSymbols, type AgentSymbols, type ToolSymbol } from "../resolve/symbols.ts";
import { recordFromAst, stripOptional, typeFromAst, UNKNOWN, type Type } from "../resolve/types.ts";
import { collect, walk } from "../resolve/walk.ts";

export type SymbolKind = "agent" | "state" | "tool" | "prompt" | "escalation" | "result" | "field" | "error" | "input";

export interface Occurrence {
  /** Identifies the declaration: equal keys denote the same thing, across files. */
  readonly key: string;
  readonly kind: SymbolKind;
  readonly name: string;
  readonly file: string;
  readonly span: Span;
  readonly declaration: boolean;
  /** For path segments and fields: the type read there. */
  readonly type?: Type | undefined;
}

/** What a key denotes, for hover and definition. */
export type Declaration =
  | { readonly kind: "agent"; readonly file: string; readonly node: A.AgentDecl }
  | { readonly kind: "state"; readonly file: string; readonly node: A.StateDecl }
  | { readonly kind: "tool"; readonly file: string; readonly node: A.ToolDecl }
  | { readonly kind: "prompt"; readonly file: string; readonly node: A.PromptDecl }
  | { readonly kind: "escalation"; readonly file: string; readonly node: A.EscalationDecl }
  | { readonly kind: "result"; readonly file: string; readonly node: A.Identifier; readonly state: A.StateDecl; readonly action: A.Action; readonly type: Type }
  | { readonly kind: "field"; readonly file: string; readonly node: A.FieldDecl; readonly owner: string }
  | { readonly kind: "error"; readonly file: string; readonly node: A.ToolErrorDecl; readonly tool: string }
  | { readonly kind: "input"; readonly file: string; readonly node: A.RecordDecl };

export interface SymbolIndex {
  readonly byFile: ReadonlyMap<string, readonly Occurrence[]>;
  readonly byKey: ReadonlyMap<string, readonly Occurrence[]>;
  readonly declarations: ReadonlyMap<string, Declaration>;
  /** The compiler's symbol tables of each agent file. */
  readonly symbols: ReadonlyMap<string, AgentSymbols>;
}

export function buildIndex(workspace: Workspace): SymbolIndex {
  const builder = new IndexBuilder(workspace);
  for (const file of workspace.files.values()) builder.declareFields(file);
  for (const file of workspace.files.values()) builder.indexFile(file);
  return builder.result();
}

/** The occurrence whose span holds `offset` (an end offset counts, so a cursor after a name finds it). */
export function occurrenceAt(index: SymbolIndex, file: string, offset: number): Occurrence | undefined {
  let best: Occurrence | undefined;
  for (const o of index.byFile.get(file) ?? []) {
    if (o.span.start <= offset && offset <= o.span.end && o.span.end > o.span.start) {
      if (best === undefined || o.span.end - o.span.start < best.span.end - best.span.start || (o.span.start === offset && best.span.end === offset)) best = o;
    }
  }
  return best;
}

export function stateKey(file: string, name: string): string {
  return `state:${file}:${name}`;
}

export function toolKey(tool: Pick<ToolSymbol, "file" | "decl">): string {
  return `tool:${tool.file}:${tool.decl.name.name}`;
}

class IndexBuilder {
  readonly #workspace: Workspace;
  readonly #byFile = new Map<string, Occurrence[]>();
  readonly #byKey = new Map<string, Occurrence[]>();
  readonly #declarations = new Map<string, Declaration>();
  readonly #symbols = new Map<string, AgentSymbols>();
  readonly #fieldKeys = new Map<A.FieldDecl, string>();

  constructor(workspace: Workspace) {
    this.#workspace = workspace;
  }

  result(): SymbolIndex {
    for (const list of this.#byFile.values()) list.sort((a, b) => a.span.start - b.span.start);
    return { byFile: this.#byFile, byKey: this.#byKey, declarations: this.#declarations, symbols: this.#symbols };
  }

  #add(occurrence: Occurrence): void {
    if (occurrence.name === "") return;
    const inFile = this.#byFile.get(occurrence.file) ?? [];
    inFile.push(occurrence);
    this.#byFile.set(occurrence.file, inFile);
    const withKey = this.#byKey.get(occurrence.key) ?? [];
    withKey.push(occurrence);
    this.#byKey.set(occurrence.key, withKey);
  }

  #declare(key: string, declaration: Declaration): void {
    if (!this.#declarations.has(key)) this.#declarations.set(key, declaration);
  }

  /** Pass 1: every record field of every file gets a key, so paths in other files can name it. */
  declareFields(file: WorkspaceFile): void {
    const ast = file.parse.file;
    const owners = new Map<A.RecordType, string>();
    const nameRecords = (owner: string, type: A.TypeExpr | undefined): void => {
      if (type === undefined) return;
      for (const record of collect<"RecordType", A.RecordType>(type, "RecordType")) if (!owners.has(record)) owners.set(record, owner);
    };
    const tools = [...ast.tools, ...(ast.agent?.members.filter((m): m is A.ToolDecl => m.kind === "ToolDecl") ?? [])];
    for (const tool of tools) for (const clause of tool.clauses) if (clause.kind === "ToolSchemaClause") nameRecords(`${clause.which} of tool ${tool.name.name}`, clause.type);
    for (const member of ast.agent?.members ?? []) {
      if (member.kind === "RecordDecl") nameRecords(`agent ${member.which}`, member.type);
      if (member.kind === "StateDecl") for (const action of member.actions) if ("type" in action) nameRecords(`result ${action.result.name}`, action.type);
    }
    for (const record of collect<"RecordType", A.RecordType>(ast, "RecordType")) {
      for (const field of record.fields) {
        if (field.name.name === "") continue;
        const key = `field:${file.path}:${field.name.span.start}`;
        this.#fieldKeys.set(field, key);
        this.#declare(key, { kind: "field", file: file.path, node: field, owner: owners.get(record) ?? "record" });
        this.#add({ key, kind: "field", name: field.name.name, file: file.path, span: field.name.span, declaration: true, type: fieldType(field) });
      }
    }
  }

  /** Pass 2: declarations and references of one file. */
  indexFile(file: WorkspaceFile): void {
    const ast = file.parse.file;
    const path = file.path;
    const imported = this.#workspace.importedTools(path);
    for (const decl of ast.imports) {
      for (const name of decl.names) {
        const tool = imported.find((t) => t.name === name);
        if (tool !== undefined) this.#add({ key: toolKey(tool), kind: "tool", name: name.name, file: path, span: name.span, declaration: false });
      }
    }
    for (const tool of ast.tools) this.#tool(path, tool);
    const agent = ast.agent;
    if (agent === undefined) return;
    const symbols = buildSymbols(agent, path, file.parse.source, imported);
    this.#symbols.set(path, symbols);
    const scope: Scope = { input: symbols.input, results: symbols.results };
    const agentKey = `agent:${path}`;
    this.#declare(agentKey, { kind: "agent", file: path, node: agent });
    this.#add({ key: agentKey, kind: "agent", name: agent.name.name, file: path, span: agent.name.span, declaration: true });
    if (symbols.inputDecl !== undefined) this.#declare(`input:${path}`, { kind: "input", file: path, node: symbols.inputDecl });
    for (const result of symbols.results.values()) {
      this.#declare(`result:${path}:${result.name}`, { kind: "result", file: path, node: result.node, state: result.state, action: result.action, type: result.type });
    }
    const context: FileContext = { path, symbols, scope };
    for (const member of agent.members) this.#member(context, member);
  }

  #member(context: FileContext, member: A.AgentMember): void {
    const { path, symbols, scope } = context;
    switch (member.kind) {
      case "ToolDecl":
        this.#tool(path, member);
        break;
      case "PromptDecl": {
        const key = `prompt:${path}:${member.name.name}`;
        this.#declare(key, { kind: "prompt", file: path, node: member });
        this.#add({ key, kind: "prompt", name: member.name.name, file: path, span: member.name.span, declaration: true });
        this.#template(context, member.body);
        break;
      }
      case "EscalationDecl": {
        const key = `escalation:${path}:${member.name.name}`;
        this.#declare(key, { kind: "escalation", file: path, node: member });
        this.#add({ key, kind: "escalation", name: member.name.name, file: path, span: member.name.span, declaration: true });
        break;
      }
      case "StartDecl":
        this.#stateRef(context, member.state);
        break;
      case "ExampleDecl":
        this.#recordLiteral(context, member.value, symbols.input);
        break;
      case "StateDecl":
        this.#state(context, member);
        break;
      default:
        void scope;
    }
  }

  #tool(path: string, tool: A.ToolDecl): void {
    const key = `tool:${path}:${tool.name.name}`;
    this.#declare(key, { kind: "tool", file: path, node: tool });
    this.#add({ key, kind: "tool", name: tool.name.name, file: path, span: tool.name.span, declaration: true });
    let input: Type = UNKNOWN;
    for (const clause of tool.clauses) if (clause.kind === "ToolSchemaClause" && clause.which === "input") input = recordFromAst(clause.type);
    for (const clause of tool.clauses) {
      if (clause.kind === "ToolErrorsClause") {
        for (const error of clause.errors) {
          const errorKey = `error:${key}:${error.name.name}`;
          this.#declare(errorKey, { kind: "error", file: path, node: error, tool: tool.name.name });
          this.#add({ key: errorKey, kind: "error", name: error.name.name, file: path, span: error.name.span, declaration: true });
        }
      }
      if (clause.kind === "ToolEffectsClause") for (const keyPath of clause.idempotencyKey) this.#fieldPath(path, keyPath, input, 0);
    }
  }

  #state(context: FileContext, state: A.StateDecl): void {
    const { path, symbols } = context;
    const key = stateKey(path, state.name.name);
    this.#declare(key, { kind: "state", file: path, node: state });
    this.#add({ key, kind: "state", name: state.name.name, file: path, span: state.name.span, declaration: true });
    let calledTool: ToolSymbol | undefined;
    for (const action of state.actions) {
      switch (action.kind) {
        case "AskAction":
          this.#promptRef(context, action.prompt);
          break;
        case "CallAction": {
          const tool = symbols.tools.get(action.tool.name);
          if (tool !== undefined) {
            calledTool = tool;
            this.#add({ key: toolKey(tool), kind: "tool", name: action.tool.name, file: path, span: action.tool.span, declaration: false });
          }
          this.#recordLiteral(context, action.args, tool?.input ?? UNKNOWN);
          break;
        }
        case "LoopAction":
          for (const name of action.tools) {
            const tool = symbols.tools.get(name.name);
            if (tool !== undefined) this.#add({ key: toolKey(tool), kind: "tool", name: name.name, file: path, span: name.span, declaration: false });
          }
          this.#promptRef(context, action.prompt);
          break;
        case "AwaitAction":
          this.#escalationRef(context, action.target);
          break;
        case "ReplyAction":
        case "EscalateAction":
          this.#final(context, action);
          break;
      }
      const result = "result" in action ? action.result : undefined;
      if (result !== undefined && result.name !== "input" && symbols.results.has(result.name)) {
        this.#add({ key: `result:${path}:${result.name}`, kind: "result", name: result.name, file: path, span: result.span, declaration: true, type: symbols.results.get(result.name)?.type });
      }
    }
    for (const transition of state.transitions) {
      const trigger = transition.trigger;
      if (trigger.kind === "WhenTrigger") this.#expr(context, trigger.condition);
      if (trigger.kind === "OnErrorTrigger" && calledTool !== undefined && calledTool.errors.has(trigger.error.name)) {
        this.#add({ key: `error:${toolKey(calledTool)}:${trigger.error.name}`, kind: "error", name: trigger.error.name, file: path, span: trigger.error.span, declaration: false });
      }
      const target = transition.target;
      if (target.kind === "GotoTarget") this.#stateRef(context, target.state);
      else this.#final(context, target);
    }
  }

  #final(context: FileContext, node: A.ReplyAction | A.EscalateAction): void {
    if (node.kind === "ReplyAction") {
      if (node.text !== undefined) this.#template(context, node.text);
      if (node.fields !== undefined) this.#recordLiteral(context, node.fields, context.symbols.output);
    } else {
      this.#escalationRef(context, node.target);
      if (node.reason !== undefined) this.#template(context, node.reason);
    }
  }

  #stateRef(context: FileContext, name: A.Identifier): void {
    if (context.symbols.states.has(name.name)) this.#add({ key: stateKey(context.path, name.name), kind: "state", name: name.name, file: context.path, span: name.span, declaration: false });
  }

  #promptRef(context: FileContext, name: A.Identifier): void {
    if (context.symbols.prompts.has(name.name)) this.#add({ key: `prompt:${context.path}:${name.name}`, kind: "prompt", name: name.name, file: context.path, span: name.span, declaration: false });
  }

  #escalationRef(context: FileContext, name: A.Identifier): void {
    if (context.symbols.escalations.has(name.name))
      this.#add({ key: `escalation:${context.path}:${name.name}`, kind: "escalation", name: name.name, file: context.path, span: name.span, declaration: false });
  }

  #template(context: FileContext, template: A.TemplateString): void {
    for (const part of template.parts) if (part.kind === "Placeholder") this.#scopedPath(context, part.path);
  }

  #expr(context: FileContext, expr: A.Expr): void {
    walk(expr, (node) => {
      if (node.kind === "PathExpr") this.#scopedPath(context, (node as A.PathExpr).path);
    });
  }

  /** A path read in the agent's scope: `input.x` or `result.x.y`. */
  #scopedPath(context: FileContext, path: A.FieldPath): void {
    const root = path.segments[0];
    if (root === undefined || root.name === "") return;
    const noReport = (): void => {};
    if (root.name === "input") {
      this.#add({ key: `input:${context.path}`, kind: "input", name: "input", file: context.path, span: root.span, declaration: false, type: context.scope.input });
    } else {
      const result = context.symbols.results.get(root.name);
      if (result === undefined) return;
      this.#add({ key: `result:${context.path}:${root.name}`, kind: "result", name: root.name, file: context.path, span: root.span, declaration: false, type: result.type });
    }
    let type = resolvePath({ ...path, segments: path.segments.slice(0, 1) }, context.scope, noReport);
    for (let i = 1; i < path.segments.length; i++) {
      const segment = path.segments[i]!;
      const next = resolvePath({ ...path, segments: path.segments.slice(0, i + 1) }, context.scope, noReport);
      if (!this.#fieldRef(context.path, segment, type, next)) return;
      type = next;
    }
  }

  /** A path relative to a record type (an idempotency key). */
  #fieldPath(file: string, path: A.FieldPath, record: Type, from: number): void {
    let type = record;
    for (let i = from; i < path.segments.length; i++) {
      const segment = path.segments[i]!;
      const field = fieldOf(type, segment.name);
      if (field === undefined || !this.#fieldRef(file, segment, type, field.type)) return;
      type = field.type;
    }
  }

  /** Records `segment` as a reference to the field of `owner` it names; false when it names none. */
  #fieldRef(file: string, segment: A.Identifier, owner: Type, type: Type): boolean {
    const field = fieldOf(owner, segment.name);
    const key = field?.decl === undefined ? undefined : this.#fieldKeys.get(field.decl);
    if (key === undefined) return false;
    this.#add({ key, kind: "field", name: segment.name, file, span: segment.span, declaration: false, type });
    return true;
  }

  #recordLiteral(context: FileContext, literal: A.RecordLiteral, type: Type): void {
    for (const field of literal.fields) {
      const slot = fieldOf(type, field.name.name);
      if (slot !== undefined) this.#fieldRef(context.path, field.name, type, slot.type);
      if (field.value.kind === "RecordLiteral") this.#recordLiteral(context, field.value, slot?.type ?? UNKNOWN);
      else this.#expr(context, field.value);
    }
  }
}

interface FileContext {
  readonly path: string;
  readonly symbols: AgentSymbols;
  readonly scope: Scope;
}

function fieldOf(type: Type, name: string): { type: Type; decl: A.FieldDecl | undefined } | undefined {
  const base = stripOptional(type);
  if (base.kind !== "record") return undefined;
  const field = base.fields.get(name);
  return field === undefined ? undefined : { type: field.optional ? { kind: "optional", inner: field.type } : field.type, decl: field.decl };
}

function fieldType(field: A.FieldDecl): Type {
  const type = typeFromAst(field.type);
  return field.optional ? { kind: "optional", inner: type } : type;
}
