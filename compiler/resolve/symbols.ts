/**
 * Symbol tables of one agent: states, tools (local and imported), prompts, escalation
 * targets and step results, each by name in a Map (names are compared exactly, and
 * `__proto__` is a legal name). The first declaration of a name wins; duplicates are the
 * `unique-names` rule's business. Empty names (from error recovery) are left out.
 */
import type * as A from "../../language/ast.ts";
import type { SourceFile } from "../../language/span.ts";
import { EMPTY_RECORD, recordFromAst, typeFromAst, UNKNOWN, type Type } from "./types.ts";

export interface ToolSymbol {
  readonly name: string;
  readonly decl: A.ToolDecl;
  /** Path of the file that declares the tool. */
  readonly file: string;
  readonly source: SourceFile;
  /** The name in the `import { … }` list when the tool comes from another file. */
  readonly importedAs: A.Identifier | undefined;
  readonly input: Type;
  readonly output: Type;
  readonly errors: ReadonlyMap<string, A.ToolErrorDecl>;
  readonly effects: A.ToolEffectsClause | undefined;
}

export interface ResultSymbol {
  readonly name: string;
  readonly node: A.Identifier;
  readonly state: A.StateDecl;
  readonly action: A.Action;
  readonly type: Type;
}

export interface AgentSymbols {
  readonly states: ReadonlyMap<string, A.StateDecl>;
  readonly tools: ReadonlyMap<string, ToolSymbol>;
  readonly prompts: ReadonlyMap<string, A.PromptDecl>;
  readonly escalations: ReadonlyMap<string, A.EscalationDecl>;
  readonly results: ReadonlyMap<string, ResultSymbol>;
  readonly inputDecl: A.RecordDecl | undefined;
  readonly outputDecl: A.RecordDecl | undefined;
  readonly input: Type;
  readonly output: Type;
  readonly model: A.ModelDecl | undefined;
  readonly start: A.StartDecl | undefined;
}

/** A tool that another file makes available through an import. */
export interface ImportedTool {
  readonly name: A.Identifier;
  readonly decl: A.ToolDecl;
  readonly file: string;
  readonly source: SourceFile;
}

export function toolSymbol(decl: A.ToolDecl, file: string, source: SourceFile, importedAs?: A.Identifier): ToolSymbol {
  const schema = (which: "input" | "output"): Type => {
    const clause = decl.clauses.find((c): c is A.ToolSchemaClause => c.kind === "ToolSchemaClause" && c.which === which);
    return clause === undefined ? EMPTY_RECORD : recordFromAst(clause.type);
  };
  const errors = new Map<string, A.ToolErrorDecl>();
  for (const clause of decl.clauses) {
    if (clause.kind !== "ToolErrorsClause") continue;
    for (const error of clause.errors) if (error.name.name !== "" && !errors.has(error.name.name)) errors.set(error.name.name, error);
  }
  return {
    name: importedAs?.name ?? decl.name.name,
    decl,
    file,
    source,
    importedAs,
    input: schema("input"),
    output: schema("output"),
    errors,
    effects: decl.clauses.find((c): c is A.ToolEffectsClause => c.kind === "ToolEffectsClause"),
  };
}

export function buildSymbols(agent: A.AgentDecl, file: string, source: SourceFile, imported: readonly ImportedTool[]): AgentSymbols {
  const states = new Map<string, A.StateDecl>();
  const tools = new Map<string, ToolSymbol>();
  const prompts = new Map<string, A.PromptDecl>();
  const escalations = new Map<string, A.EscalationDecl>();
  const add = <T>(map: Map<string, T>, name: string, value: T): void => {
    if (name !== "" && !map.has(name)) map.set(name, value);
  };
  for (const tool of imported) add(tools, tool.name.name, toolSymbol(tool.decl, tool.file, tool.source, tool.name));
  let inputDecl: A.RecordDecl | undefined;
  let outputDecl: A.RecordDecl | undefined;
  let model: A.ModelDecl | undefined;
  let start: A.StartDecl | undefined;
  for (const member of agent.members) {
    switch (member.kind) {
      case "StateDecl":
        add(states, member.name.name, member);
        break;
      case "ToolDecl":
        add(tools, member.name.name, toolSymbol(member, file, source));
        break;
      case "PromptDecl":
        add(prompts, member.name.name, member);
        break;
      case "EscalationDecl":
        add(escalations, member.name.name, member);
        break;
      case "RecordDecl":
        if (member.which === "input") inputDecl ??= member;
        else outputDecl ??= member;
        break;
      case "ModelDecl":
        model ??= member;
        break;
      case "StartDecl":
        start ??= member;
        break;
    }
  }
  const results = new Map<string, ResultSymbol>();
  for (const state of agent.members) {
    if (state.kind !== "StateDecl") continue;
    for (const action of state.actions) {
      const node = resultName(action);
      if (node === undefined || node.name === "" || node.name === "input" || results.has(node.name)) continue;
      results.set(node.name, { name: node.name, node, state, action, type: resultType(action, tools) });
    }
  }
  return {
    states,
    tools,
    prompts,
    escalations,
    results,
    inputDecl,
    outputDecl,
    input: inputDecl === undefined ? EMPTY_RECORD : recordFromAst(inputDecl.type),
    output: outputDecl === undefined ? EMPTY_RECORD : recordFromAst(outputDecl.type),
    model,
    start,
  };
}

/** The `as name` (or `until name:`) an action sets, if any. */
export function resultName(action: A.Action): A.Identifier | undefined {
  switch (action.kind) {
    case "AskAction":
    case "LoopAction":
    case "AwaitAction":
    case "CallAction":
      return action.result;
    default:
      return undefined;
  }
}

export function resultType(action: A.Action, tools: ReadonlyMap<string, ToolSymbol>): Type {
  switch (action.kind) {
    case "CallAction":
      return tools.get(action.tool.name)?.output ?? UNKNOWN;
    case "AskAction":
    case "LoopAction":
    case "AwaitAction":
      return typeFromAst(action.type);
    default:
      return UNKNOWN;
  }
}
