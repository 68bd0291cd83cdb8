/**
 * The flowchart webview: asks the server for the agent's Mermaid flowchart (the
 * `agentc/flowchart` request, answered by the compiler's flowchart emitter) and renders it
 * with the bundled Mermaid — no network. The view follows one document and redraws when it
 * is saved.
 */
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";

type FlowchartResult = { agent: string; mermaid: string } | { agent: string | undefined; problem: string } | null;

export class FlowchartView implements vscode.Disposable {
  readonly #context: vscode.ExtensionContext;
  readonly #client: LanguageClient;
  #panel: vscode.WebviewPanel | undefined;
  #uri: vscode.Uri | undefined;

  constructor(context: vscode.ExtensionContext, client: LanguageClient) {
    this.#context = context;
    this.#client = client;
  }

  show(uri: vscode.Uri | undefined): void {
    if (uri === undefined) {
      void vscode.window.showInformationMessage("Open an .agent file to see its decision flowchart.");
      return;
    }
    this.#uri = uri;
    if (this.#panel === undefined) {
      const media = vscode.Uri.joinPath(this.#context.extensionUri, "dist", "media");
      this.#panel = vscode.window.createWebviewPanel("agentc.flowchart", "Decision flowchart", vscode.ViewColumn.Beside, {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: true,
      });
      this.#panel.onDidDispose(() => (this.#panel = undefined));
      this.#panel.webview.onDidReceiveMessage((message: { ready?: boolean }) => {
        if (message.ready === true) void this.#update();
      });
      this.#panel.webview.html = html(this.#panel.webview, media);
    } else {
      this.#panel.reveal(vscode.ViewColumn.Beside);
      void this.#update();
    }
  }

  saved(uri: vscode.Uri): void {
    if (this.#panel !== undefined && this.#uri?.toString() === uri.toString()) void this.#update();
  }

  dispose(): void {
    this.#panel?.dispose();
  }

  async #update(): Promise<void> {
    const panel = this.#panel;
    const uri = this.#uri;
    if (panel === undefined || uri === undefined) return;
    let result: FlowchartResult;
    try {
      result = await this.#client.sendRequest<FlowchartResult>("agentc/flowchart", { textDocument: { uri: uri.toString() } });
    } catch (error) {
      result = { agent: undefined, problem: `the language server did not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (result === null) result = { agent: undefined, problem: "the document is not open in the language server" };
    panel.title = result.agent === undefined ? "Decision flowchart" : `Flowchart: ${result.agent}`;
    await panel.webview.postMessage(result);
  }
}

function html(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = randomBytes(16).toString("base64");
  const mermaid = webview.asWebviewUri(vscode.Uri.joinPath(media, "mermaid.min.js"));
  const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource} 'unsafe-inline'`, `script-src 'nonce-${nonce}'`, `font-src ${webview.cspSource}`].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Decision flowchart</title>
<style>body { padding: 1rem; } #problem { color: var(--vscode-errorForeground); } #chart svg { max-width: 100%; height: auto; }</style>
</head>
<body>
<p id="problem"></p>
<div id="chart"></div>
<script nonce="${nonce}" src="${mermaid}"></script>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const dark = document.body.classList.contains("vscode-dark") || document.body.classList.contains("vscode-high-contrast");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: dark ? "dark" : "default" });
  let count = 0;
  window.addEventListener("message", async (event) => {
    const message = event.data;
    const problem = document.getElementById("problem");
    const chart = document.getElementById("chart");
    if (message.mermaid === undefined) { problem.textContent = message.problem; return; }
    try {
      const { svg } = await mermaid.render("flowchart" + count++, message.mermaid);
      problem.textContent = "";
      chart.innerHTML = svg;
    } catch (error) {
      problem.textContent = "Mermaid could not draw this flowchart: " + error;
    }
  });
  vscode.postMessage({ ready: true });
</script>
</body>
</html>`;
}
