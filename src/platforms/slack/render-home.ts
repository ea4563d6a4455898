import type { HomeView, KnownBlock } from "@slack/types";
import type { Reply, RichText } from "../../core/reply.js";
import { cutText } from "./cut-text.js";
import { renderButtonRows } from "./slack-buttons.js";
import { SLACK_SECTION_TEXT_MAX, SLACK_VIEW_BLOCKS_MAX } from "./slack-limits.js";
import { sectionBlock, sectionTexts } from "./slack-sections.js";

/** The Home tab's own words, in the person's language (from the prompts). */
export interface HomeLabels {
  /** The last line when the replies did not all fit: the tab was shortened. */
  shortened: string;
}

/**
 * The App Home tab (views.publish) showing the core's replies in order: each as sections of
 * mrkdwn (see `richToMrkdwn`), its buttons as actions blocks whose action ids are unique
 * across the tab (`duban:<reply>:<row>:<column>`), a divider between replies. A file cannot
 * be shown in a tab: only its caption is. At most 100 blocks: what does not fit is left out
 * and a last context line says so (`labels.shortened`). Throws `SlackRenderError` for a
 * button Slack would refuse.
 */
export function renderHomeView(replies: Reply[], labels: HomeLabels): HomeView {
  const shown = replies
    .map((reply, index) => replyBlocks(reply, index))
    .filter((blocks) => blocks.length > 0);
  const blocks: KnownBlock[] = shown.flatMap((replyBlocks, index) =>
    index === 0 ? replyBlocks : [{ type: "divider" }, ...replyBlocks],
  );
  if (blocks.length <= SLACK_VIEW_BLOCKS_MAX) return { type: "home", blocks };
  const kept = blocks.slice(0, SLACK_VIEW_BLOCKS_MAX - 1);
  while (kept.at(-1)?.type === "divider") kept.pop();
  const notice = labels.shortened.trim();
  if (notice !== "") {
    kept.push({
      type: "context",
      elements: [
        { type: "plain_text", text: cutText(notice, SLACK_SECTION_TEXT_MAX), emoji: true },
      ],
    });
  }
  return { type: "home", blocks: kept };
}

function replyBlocks(reply: Reply, index: number): KnownBlock[] {
  const text: RichText = reply.kind === "file" ? (reply.caption ?? []) : reply.text;
  const sections = sectionTexts(text).map((section) => sectionBlock(section.mrkdwn));
  const buttons =
    reply.kind === "message" && reply.buttons ? renderButtonRows(reply.buttons, String(index)) : [];
  return [...sections, ...buttons];
}
