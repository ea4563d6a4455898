import { createHash } from "node:crypto";
import type { Reply, RichText } from "../core/reply.js";
import { summaryReplies } from "../platforms/telegram/render-summary.js";
import type { SummaryDocument } from "../summaries/summary-document.js";

/** SHA-256 of compiled content, to tell whether compiling again changed anything. */
export function contentHash(content: unknown): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}

/**
 * A summary as one chat message: the platform splits it where it must (Telegram at paragraph
 * breaks under 4,096 characters), and one outbox row holds every part's message id, so that
 * an update edits them all in place.
 */
export function documentText(document: SummaryDocument): RichText {
  const text: RichText = [];
  for (const reply of summaryReplies(document)) {
    if (reply.kind !== "message") continue;
    if (text.length > 0) text.push({ text: "\n\n" });
    text.push(...reply.text);
  }
  return text;
}

export function documentMessage(document: SummaryDocument): Reply {
  return { kind: "message", text: documentText(document) };
}
