/**
 * The contract and runbook Markdown (the committed review documents) rendered to HTML for
 * the docs site with `marked`, so the site and the `.md` files cannot say different things.
 * Nothing in the input can add markup or make the page fetch anything: raw HTML is shown as
 * text, images become their alt text, and only links that stay in the page (or are plain
 * http(s)/mailto, followed only when clicked) survive; links to sibling `.md` artifacts
 * become anchors in the page.
 */
import { Marked, type Tokens } from "marked";
import { escapeHtml } from "./html.ts";

export interface MarkdownOptions {
  /** Added to every heading level (a contract's `#` becomes `<h3>` with 2). */
  readonly headingShift: number;
  /** Maps a relative link such as `contracts/getOrder.md` to an in-page `#anchor`, or undefined. */
  readonly linkTarget: (href: string) => string | undefined;
}

export function markdownToHtml(markdown: string, options: MarkdownOptions): string {
  const marked = new Marked({
    async: false,
    gfm: true,
    breaks: false,
    renderer: {
      html({ text }: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(text);
      },
      heading({ tokens, depth }: Tokens.Heading): string {
        const level = Math.min(6, depth + options.headingShift);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      image({ text }: Tokens.Image): string {
        return escapeHtml(text);
      },
      link({ href, title, tokens }: Tokens.Link): string {
        const inner = this.parser.parseInline(tokens);
        const target = safeHref(href, options);
        if (target === undefined) return inner;
        const titleAttr = title === null || title === undefined || title === "" ? "" : ` title="${escapeHtml(title)}"`;
        const external = /^(https?:|mailto:)/i.test(target) ? ' rel="noopener noreferrer"' : "";
        return `<a href="${escapeHtml(target)}"${titleAttr}${external}>${inner}</a>`;
      },
    },
  });
  return marked.parse(markdown, { async: false });
}

function safeHref(href: string, options: MarkdownOptions): string | undefined {
  if (/^#[\w-]*$/.test(href)) return href;
  if (/^(https?:\/\/|mailto:)/i.test(href)) return href;
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) return undefined;
  return options.linkTarget(href.replace(/^\.\//, ""));
}
