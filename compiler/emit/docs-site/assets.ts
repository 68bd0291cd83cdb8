/** The site's own stylesheet and the script that renders flowcharts with the local Mermaid. */

/** System fonts only: a docs site that loads nothing from the network. */
export const DOCS_CSS = `:root {
  color-scheme: light;
  --text: #1f2328;
  --muted: #59636e;
  --line: #d1d9e0;
  --soft: #f6f8fa;
  --accent: #0b5cad;
}
* { box-sizing: border-box; }
body {
  margin: 0;
  color: var(--text);
  background: #ffffff;
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.top { padding: 0.6rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--soft); }
header.top a { font-weight: 600; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 4rem; }
a { color: var(--accent); }
h1 { font-size: 1.8rem; margin: 0.8rem 0 0.2rem; }
h1 .version { color: var(--muted); font-weight: 400; font-size: 1.1rem; }
h2 { font-size: 1.35rem; margin-top: 2.4rem; padding-bottom: 0.25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; margin-top: 1.8rem; }
h4, h5, h6 { font-size: 1rem; margin-top: 1.3rem; }
p.description { font-size: 1.1rem; color: var(--muted); margin-top: 0; }
nav.toc a { margin-right: 1rem; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
code { background: var(--soft); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--soft); padding: 0.8rem; overflow-x: auto; border-radius: 6px; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0.8rem 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: var(--soft); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.flowchart { border: 1px solid var(--line); border-radius: 6px; padding: 1rem; overflow-x: auto; background: #ffffff; }
pre.mermaid { background: none; margin: 0; text-align: center; }
.legend { color: var(--muted); font-size: 0.9rem; }
.legend span { display: inline-block; margin-right: 1rem; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid; vertical-align: -0.1em; margin-right: 0.3em; }
.swatch.step { background: #eef3fb; border-color: #4a6fa5; }
.swatch.human { background: #fff4d6; border-color: #b58900; }
.swatch.reply { background: #e3f4e1; border-color: #2e7d32; }
.swatch.escalation { background: #fde2e1; border-color: #c62828; }
section.contract { border-top: 1px dashed var(--line); }
.muted { color: var(--muted); }
`;

/** Runs after assets/mermaid.min.js; the page's root gets data-flowchart="rendered" or "failed". */
export const DOCS_JS = `// Renders the decision flowchart with the Mermaid copy shipped beside this file.
"use strict";
(function () {
  var root = document.documentElement;
  if (typeof mermaid === "undefined") {
    root.setAttribute("data-flowchart", "failed");
    console.error("agentc docs: assets/mermaid.min.js did not load");
    return;
  }
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default", flowchart: { htmlLabels: true, useMaxWidth: false } });
  mermaid.run({ querySelector: "pre.mermaid" }).then(
    function () {
      root.setAttribute("data-flowchart", "rendered");
    },
    function (error) {
      root.setAttribute("data-flowchart", "failed");
      console.error("agentc docs: the flowchart did not render", error);
    },
  );
})();
`;
