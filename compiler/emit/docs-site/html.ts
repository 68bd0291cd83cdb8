/** HTML text and attribute escaping, and the page shell every docs page shares. */

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe in text and in double- or single-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/**
 * Nothing but this site's own files may load: scripts and styles from 'self' (Mermaid puts
 * its styles inline into the SVG, hence 'unsafe-inline' for styles only), no network, no
 * fonts, no frames, no forms.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'none'",
  "connect-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

export interface PageOptions {
  readonly title: string;
  /** Relative path from the page to the site root: "" or "../". */
  readonly root: string;
  readonly body: string;
  /** Loads Mermaid and renders `pre.mermaid` blocks. */
  readonly mermaid: boolean;
}

export function page(options: PageOptions): string {
  const scripts = options.mermaid ? [`  <script src="${options.root}assets/mermaid.min.js"></script>`, `  <script src="${options.root}assets/docs.js"></script>`] : [];
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '  <meta charset="utf-8">',
    `  <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    '  <meta name="generator" content="agentc">',
    `  <title>${escapeHtml(options.title)}</title>`,
    '  <link rel="icon" href="data:,">',
    `  <link rel="stylesheet" href="${options.root}assets/docs.css">`,
    "</head>",
    "<body>",
    options.body,
    ...scripts,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
