import { type Reply, type RichText, rich } from "../../core/reply.js";
import type { SummaryBlock, SummaryDocument } from "../../summaries/summary-document.js";
import { renderReply } from "./render-reply.js";

function blockSpans(block: SummaryBlock): RichText {
  switch (block.kind) {
    case "heading":
      return [rich.bold(block.text)];
    case "paragraph":
    case "addressees":
    case "copyTo":
      return [rich.plain(block.text)];
    case "list":
      return [rich.plain(block.items.map((item) => `• ${item}`).join("\n"))];
    case "signature":
      return [rich.plain(`${block.issuer}\n${block.date}`)];
    case "note":
      return [rich.italic(block.text)];
  }
}

/**
 * A summary document as chat replies: one message whose title and headings are bold, with
 * `\n\n` between blocks, so that `renderReply` splits a long circular at paragraph boundaries.
 */
export function summaryReplies(doc: SummaryDocument): Reply[] {
  const paragraphs: RichText[] = [];
  const head = [doc.issuer, doc.number].filter((line): line is string => Boolean(line));
  if (head.length > 0) paragraphs.push([rich.plain(head.join("\n"))]);
  paragraphs.push([rich.bold(doc.title)]);
  for (const block of doc.blocks) paragraphs.push(blockSpans(block));
  const text: RichText = paragraphs.flatMap((spans, index) =>
    index === 0 ? spans : [rich.plain("\n\n"), ...spans],
  );
  return [{ kind: "message", text }];
}

/** The HTML of the Telegram messages `renderReply` makes of {@link summaryReplies}, each ≤ 4096 visible characters. */
export function renderTelegramHtml(doc: SummaryDocument): string[] {
  return summaryReplies(doc).flatMap((reply) =>
    renderReply(reply).flatMap((operation) =>
      operation.method === "sendMessage" ? [operation.html] : [],
    ),
  );
}
