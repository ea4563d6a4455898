import type { SummaryBlock, SummaryDocument } from "./summary-document.js";

/** Backslash-escapes what Markdown would read as markup inside a line. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (char) => `\\${char}`);
}

/** Escapes a line start Markdown would read as a heading, quote, list or rule. */
function escapeLine(text: string): string {
  return escapeInline(text)
    .replace(/^(\s*)([#>+-])/u, "$1\\$2")
    .replace(/^(\s*\d+)([.)])(\s)/u, "$1\\$2$3");
}

function renderBlock(block: SummaryBlock): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level + 1)} ${escapeInline(block.text)}`;
    case "paragraph":
    case "addressees":
      return escapeLine(block.text);
    case "list":
      return block.items.map((item) => `- ${escapeInline(item)}`).join("\n");
    case "signature":
      // Markdown cannot align right: the issuer and the date on lines of their own.
      return `${escapeLine(block.issuer)}  \n${escapeLine(block.date)}`;
    case "copyTo":
      return `---\n\n${escapeLine(block.text)}`;
    case "note":
      return `> ${escapeInline(block.text)}`;
  }
}

/**
 * A summary document as Markdown: the issuer and number as plain lines, the title as `#`,
 * headings one level below (`##` 一、, `###` （一）, `####` 1.), paragraphs, `-` lists, the
 * signature as two plain lines, 抄送 under a rule, a note as a quote. Text is escaped, so a
 * report's `*` or `#` shows as typed. Pure.
 */
export function renderMarkdown(doc: SummaryDocument): string {
  const parts: string[] = [];
  if (doc.issuer) parts.push(escapeLine(doc.issuer));
  if (doc.number) parts.push(escapeLine(doc.number));
  parts.push(`# ${escapeInline(doc.title)}`);
  for (const block of doc.blocks) parts.push(renderBlock(block));
  return `${parts.join("\n\n")}\n`;
}
