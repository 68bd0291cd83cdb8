/**
 * Parser recovery: a broken file reports all its syntax errors and still yields an AST for
 * the rest. Each fixture's baseline holds the whole diagnostic list and an outline of the
 * recovered tree (`UPDATE_BASELINES=1` rewrites them).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import type { AgentFile, AgentMember } from "../../language/ast.ts";
import { parse } from "../../language/parse.ts";
import type { SourceFile } from "../../language/span.ts";
import type { Diagnostic } from "../../language/diagnostics/diagnostic.ts";
import { expectBaseline } from "../support/baseline.ts";

const dir = join(import.meta.dirname, "fixtures", "recovery");

export function describeDiagnostics(source: SourceFile, diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const at = source.positionAt(d.span.start);
    return `${at.line + 1}:${at.character + 1} ${d.severity}[${d.code}] ${d.message}`;
  });
}

function memberName(member: AgentMember): string {
  switch (member.kind) {
    case "StateDecl":
      return `state ${member.name.name || "<missing>"} (${member.actions.map((a) => a.kind).join(", ") || "no action"}; ${member.transitions.length} transitions)`;
    case "ToolDecl":
      return `tool ${member.name.name} [${member.clauses.map((c) => c.kind.replace(/^Tool|Clause$/g, "")).join(", ")}]`;
    case "PromptDecl":
      return `prompt ${member.name.name} v${member.version}`;
    case "RecordDecl":
      return `${member.which} {${member.type.fields.map((f) => f.name.name + (f.optional ? "?" : "")).join(", ")}}`;
    case "StartDecl":
      return `start ${member.state.name}`;
    case "EscalationDecl":
      return `escalation ${member.name.name}`;
    case "ExampleDecl":
      return `example ${JSON.stringify(member.name.value)}`;
    case "BudgetDecl":
      return `budget ${member.items.map((i) => i.metric).join(", ")}`;
    default:
      return member.kind;
  }
}

export function outline(file: AgentFile): string[] {
  const lines = file.imports.map((i) => `import ${i.names.map((n) => n.name).join(", ")} from ${JSON.stringify(i.from.value)}`);
  for (const tool of file.tools) lines.push(`tool ${tool.name.name}`);
  if (file.agent !== undefined) {
    lines.push(`agent ${file.agent.name.name || "<missing>"}`);
    for (const member of file.agent.members) lines.push(`  ${memberName(member)}`);
  }
  lines.push(`${file.comments.length} comments`);
  return lines;
}

describe("parser recovery fixtures", () => {
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".agent"))) {
    it(name, () => {
      const text = readFileSync(join(dir, name), "utf8");
      const result = parse(name, text);
      const body = [
        "# diagnostics",
        ...describeDiagnostics(result.source, result.diagnostics),
        "# recovered tree",
        ...outline(result.file),
        "",
      ].join("\n");
      expectBaseline(join(dir, name.replace(/\.agent$/, ".baseline.txt")), body);
    });
  }
});
