import type { SummaryBlock, SummaryDocument } from "../../summaries/summary-document.js";

/** The few Block Kit blocks a summary uses (no Slack SDK needed to build them). */
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string; emoji: boolean } }
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "divider" }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

/** Slack's limits: blocks per message, characters of a section's text and of a header. */
export const SLACK_LIMITS = { blocksPerMessage: 50, sectionText: 3000, headerText: 150 } as const;

/** Escapes `&`, `<` and `>`, the characters Slack's mrkdwn gives a meaning. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * Cuts escaped text into pieces of at most `limit` characters: after a sentence ("。", "！",
 * "？", ". "), else after a line break, else anywhere (never inside an escape or a surrogate pair).
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const window = rest.slice(0, limit);
    let cut = Math.max(
      ...["。", "！", "？"].map((end) => window.lastIndexOf(end) + 1),
      window.lastIndexOf(". ") + 1,
      window.lastIndexOf("\n") + 1,
    );
    if (cut <= 0) {
      cut = limit;
      const amp = window.lastIndexOf("&");
      if (amp >= 0 && !window.slice(amp).includes(";")) cut = amp;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.trim() !== "") pieces.push(rest);
  return pieces;
}

function sections(mrkdwn: string): SlackBlock[] {
  return splitText(mrkdwn, SLACK_LIMITS.sectionText).map((text) => ({
    type: "section",
    text: { type: "mrkdwn", text },
  }));
}

function blockKit(block: SummaryBlock): SlackBlock[] {
  switch (block.kind) {
    case "heading":
      return sections(`*${escapeMrkdwn(block.text)}*`);
    case "paragraph":
    case "addressees":
      return sections(escapeMrkdwn(block.text));
    case "list":
      return sections(block.items.map((item) => `• ${escapeMrkdwn(item)}`).join("\n"));
    case "signature":
      return sections(`${escapeMrkdwn(block.issuer)}\n${escapeMrkdwn(block.date)}`);
    case "copyTo":
      return [{ type: "divider" }, ...sections(escapeMrkdwn(block.text))];
    case "note":
      return splitText(escapeMrkdwn(block.text), SLACK_LIMITS.sectionText).map((text) => ({
        type: "context",
        elements: [{ type: "mrkdwn", text }],
      }));
  }
}

/**
 * A summary document as Slack Block Kit messages: a header block for the title (a bold section
 * when the title is longer than a header allows), the issuer and number in a context line, a
 * section per heading, paragraph and list, each text escaped and at most 3000 characters (long
 * paragraphs cut at sentence ends), a divider before 抄送, the note as context; cut into
 * messages of at most 50 blocks. Pure.
 */
export function renderSummaryBlocks(doc: SummaryDocument): SlackBlock[][] {
  const blocks: SlackBlock[] = [];
  if (doc.title.length <= SLACK_LIMITS.headerText) {
    blocks.push({ type: "header", text: { type: "plain_text", text: doc.title, emoji: true } });
  } else {
    blocks.push(...sections(`*${escapeMrkdwn(doc.title)}*`));
  }
  const head = [doc.issuer, doc.number].filter((line): line is string => Boolean(line));
  if (head.length > 0) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: escapeMrkdwn(head.join(" ")) }],
    });
  }
  for (const block of doc.blocks) blocks.push(...blockKit(block));
  const messages: SlackBlock[][] = [];
  for (let start = 0; start < blocks.length; start += SLACK_LIMITS.blocksPerMessage) {
    messages.push(blocks.slice(start, start + SLACK_LIMITS.blocksPerMessage));
  }
  return messages;
}
