/**
 * The VS Code extension: starts the bundled language server for `.agent` documents and
 * adds the "Show decision flowchart" command (with a code lens on the agent's header) and
 * the "Run agent tests" command.
 */
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { FlowchartView } from "./flowchart-view.ts";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: "agent" }, { scheme: "file", pattern: "**/*.agent" }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.agent") },
  };
  const started = new LanguageClient("agentc", "agentc language server", serverOptions, clientOptions);
  client = started;
  const flowcharts = new FlowchartView(context, started);
  context.subscriptions.push(
    vscode.commands.registerCommand("agentc.showFlowchart", (uri?: vscode.Uri) => flowcharts.show(uri ?? vscode.window.activeTextEditor?.document.uri)),
    vscode.commands.registerCommand("agentc.runTests", (uri?: vscode.Uri) => runTests(uri ?? vscode.window.activeTextEditor?.document.uri)),
    vscode.languages.registerCodeLensProvider({ language: "agent" }, new FlowchartLens()),
    vscode.workspace.onDidSaveTextDocument((document) => flowcharts.saved(document.uri)),
    flowcharts,
  );
  await started.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

/** "Show decision flowchart" above the `agent Name` line. */
class FlowchartLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const match = /^[ \t]*agent[ \t]+[A-Za-z_]/m.exec(document.getText());
    if (match === null) return [];
    const position = document.positionAt(match.index);
    return [new vscode.CodeLens(new vscode.Range(position, position), { title: "Show decision flowchart", command: "agentc.showFlowchart", arguments: [document.uri] })];
  }
}

/** Runs `agentc test <file>` in a terminal (the command comes with the test harness). */
function runTests(uri: vscode.Uri | undefined): void {
  const terminal = vscode.window.createTerminal({ name: "agentc test", cwd: uri === undefined ? undefined : vscode.workspace.getWorkspaceFolder(uri)?.uri });
  terminal.show();
  terminal.sendText(uri === undefined ? "npx agentc test" : `npx agentc test ${JSON.stringify(uri.fsPath)}`);
}
