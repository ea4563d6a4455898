import type { Block, ContextBlock, KnownBlock } from "@slack/types";
import { cutText } from "./cut-text.js";
import { escapeMrkdwn } from "./render-summary-blocks.js";
import { SLACK_BUTTON_TEXT_MAX, SLACK_MESSAGE_BLOCKS_MAX } from "./slack-limits.js";

/** The button that was pressed: its action id and the label it showed. */
export interface ChosenButton {
  actionId: string;
  label: string;
}

/**
 * What a message looks like once one of its buttons was pressed (for chat.update): its
 * actions blocks removed, so an old question cannot be answered twice, and a context line
 * "✓ <label>" added to show what was chosen (Telegram's adapter removes the keyboard the
 * same way). `blocks` is the message as Slack sent it with the interaction: blocks of kinds
 * this code does not know are kept as they are; entries that are not blocks at all are
 * dropped, as Slack would refuse them. Where the label is blank, the pressed button's own
 * text is shown.
 */
export function answeredBlocks(blocks: unknown[], chosen: ChosenButton): (KnownBlock | Block)[] {
  const kept = blocks.filter(isBlock).filter((block) => block.type !== "actions");
  const label = chosen.label.trim() || labelOf(blocks, chosen.actionId);
  if (label === "") return kept;
  const answer: ContextBlock = {
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `✓ ${escapeMrkdwn(cutText(label, SLACK_BUTTON_TEXT_MAX))}`,
        verbatim: true,
      },
    ],
  };
  return [...kept.slice(0, SLACK_MESSAGE_BLOCKS_MAX - 1), answer];
}

function isBlock(value: unknown): value is Block {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string"
  );
}

/** The text of the button with `actionId` among the actions blocks, or "". */
function labelOf(blocks: unknown[], actionId: string): string {
  for (const block of blocks) {
    if (!isBlock(block) || block.type !== "actions") continue;
    const elements: unknown = (block as { elements?: unknown }).elements;
    if (!Array.isArray(elements)) continue;
    for (const element of elements) {
      if (typeof element !== "object" || element === null) continue;
      const { action_id, text } = element as { action_id?: unknown; text?: unknown };
      if (action_id !== actionId || typeof text !== "object" || text === null) continue;
      const label: unknown = (text as { text?: unknown }).text;
      if (typeof label === "string") return label.trim();
    }
  }
  return "";
}
