import type { ActionsBlock, KnownBlock } from "@slack/types";
import type { Reply, RichText } from "../../core/reply.js";
import { cutText } from "./cut-text.js";
import { buttonsTextLength, renderButtonRows } from "./slack-buttons.js";
import {
  SLACK_FILE_BYTES_MAX,
  SLACK_INITIAL_COMMENT_MAX,
  SLACK_MESSAGE_BLOCKS_MAX,
  SLACK_MESSAGE_BLOCKS_TEXT_MAX,
  SLACK_MESSAGE_TEXT_MAX,
  SLACK_SECTION_TEXT_MAX,
} from "./slack-limits.js";
import { richToMrkdwn } from "./slack-mrkdwn.js";
import { SlackRenderError } from "./slack-render-error.js";
import { type SectionText, sectionBlock, sectionTexts } from "./slack-sections.js";

/** One Slack message that delivers (part of) a reply, in the order they must be posted. */
export type SlackPart =
  | {
      kind: "message";
      /** The escaped plain text, for notifications (chat.postMessage `text`). */
      text: string;
      blocks: KnownBlock[];
    }
  | {
      kind: "file";
      fileName: string;
      /** The file's contents; the gateway decodes them for files.uploadV2. */
      base64: string;
      title: string;
      /** The caption, as mrkdwn, posted with the file. */
      initialComment?: string;
    };

export type SlackMessagePart = Extract<SlackPart, { kind: "message" }>;

/** Limits to render against; Slack's by default (smaller in tests). */
export interface RenderSlackReplyOptions {
  /** Characters of mrkdwn per section (default 3000). */
  sectionTextMax?: number;
  /** Characters of block text per message (default `SLACK_MESSAGE_BLOCKS_TEXT_MAX`). */
  blocksTextMax?: number;
}

/**
 * Renders a platform-neutral reply as Slack messages. Text becomes sections of mrkdwn (user
 * text escaped, see `richToMrkdwn`) of at most 3000 characters, cut at paragraph breaks,
 * then lines, then spaces, then anywhere but inside a surrogate pair; the sections are
 * posted as messages of at most 50 blocks and `SLACK_MESSAGE_BLOCKS_TEXT_MAX` characters,
 * each with its escaped plain text as the notification `text`. The buttons go, one actions
 * block per row, on the last message, together with at least its last section so they are
 * never shown apart from the question. An `edit` renders its text alone (the outbox applies
 * the parts with `editPart`). A file becomes a file part with its caption as the comment; a
 * caption too long for a comment follows the file as messages. Deterministic; throws
 * `SlackRenderError` for what Slack would refuse.
 *
 * @example renderSlackReply(textMessage("Hi")) // [{ kind: "message", text: "Hi", blocks: [section "Hi"] }]
 */
export function renderSlackReply(reply: Reply, options: RenderSlackReplyOptions = {}): SlackPart[] {
  const sectionMax = options.sectionTextMax ?? SLACK_SECTION_TEXT_MAX;
  const blocksTextMax = options.blocksTextMax ?? SLACK_MESSAGE_BLOCKS_TEXT_MAX;
  if (reply.kind === "file") return renderFile(reply, sectionMax, blocksTextMax);
  const sections = sectionTexts(reply.text, sectionMax);
  if (sections.length === 0) throw new SlackRenderError("message text is empty");
  const actions = reply.kind === "message" && reply.buttons ? renderButtonRows(reply.buttons) : [];
  return packMessages(sections, actions, blocksTextMax);
}

type FileReply = Extract<Reply, { kind: "file" }>;

function renderFile(reply: FileReply, sectionMax: number, blocksTextMax: number): SlackPart[] {
  const bytes = Buffer.from(reply.base64, "base64").length;
  if (bytes === 0) throw new SlackRenderError("file is empty");
  if (bytes > SLACK_FILE_BYTES_MAX) {
    throw new SlackRenderError(`file is ${bytes} bytes, over Slack's 1 GB`);
  }
  // The name goes into a multipart header and Slack's file list: no control characters.
  const fileName =
    [...reply.fileName]
      .filter((char) => char >= " " && char !== "\u007f")
      .join("")
      .trim() || "file";
  const file: SlackPart = { kind: "file", fileName, base64: reply.base64, title: fileName };
  const caption: RichText = reply.caption ?? [];
  if (caption.every((span) => span.text.trim() === "")) return [file];
  const comment = richToMrkdwn(caption);
  if (comment.length <= SLACK_INITIAL_COMMENT_MAX) return [{ ...file, initialComment: comment }];
  return [file, ...packMessages(sectionTexts(caption, sectionMax), [], blocksTextMax)];
}

/** What one message is being filled with. */
interface Draft {
  sections: SectionText[];
  textLength: number;
  fallbackLength: number;
}

/**
 * Sections packed into messages in order, each within Slack's block count, block text and
 * `text` limits, the actions added to the last.
 */
function packMessages(
  sections: SectionText[],
  actions: ActionsBlock[],
  blocksTextMax: number,
): SlackMessagePart[] {
  if (actions.length + 1 > SLACK_MESSAGE_BLOCKS_MAX) {
    throw new SlackRenderError(`${actions.length} rows of buttons do not fit in a message`);
  }
  const drafts: Draft[] = [];
  let draft: Draft = { sections: [], textLength: 0, fallbackLength: 0 };
  for (const section of sections) {
    if (draft.sections.length > 0 && !fits(draft, section, blocksTextMax)) {
      drafts.push(draft);
      draft = { sections: [], textLength: 0, fallbackLength: 0 };
    }
    draft.sections.push(section);
    draft.textLength += section.mrkdwn.length;
    draft.fallbackLength += section.fallback.length + (draft.sections.length > 1 ? 2 : 0);
  }
  drafts.push(draft);
  const last = drafts.at(-1) as Draft;
  if (
    actions.length > 0 &&
    !fitsActions(last, actions, blocksTextMax) &&
    last.sections.length > 1
  ) {
    // The buttons do not fit with the whole last message: they take its last section along.
    const moved = last.sections.pop() as SectionText;
    last.textLength -= moved.mrkdwn.length;
    last.fallbackLength -= moved.fallback.length + 2;
    drafts.push({
      sections: [moved],
      textLength: moved.mrkdwn.length,
      fallbackLength: moved.fallback.length,
    });
  }
  return drafts.map((part, index) =>
    toMessage(part.sections, index === drafts.length - 1 ? actions : []),
  );
}

/** Whether `draft` can take one more section. */
function fits(draft: Draft, section: SectionText, blocksTextMax: number): boolean {
  return (
    draft.sections.length + 1 <= SLACK_MESSAGE_BLOCKS_MAX &&
    draft.textLength + section.mrkdwn.length <= blocksTextMax &&
    draft.fallbackLength + 2 + section.fallback.length <= SLACK_MESSAGE_TEXT_MAX
  );
}

function fitsActions(draft: Draft, actions: ActionsBlock[], blocksTextMax: number): boolean {
  return (
    draft.sections.length + actions.length <= SLACK_MESSAGE_BLOCKS_MAX &&
    draft.textLength + buttonsTextLength(actions) <= blocksTextMax
  );
}

function toMessage(sections: SectionText[], actions: ActionsBlock[]): SlackMessagePart {
  const text = cutText(
    sections.map((section) => section.fallback).join("\n\n"),
    SLACK_MESSAGE_TEXT_MAX,
  );
  return {
    kind: "message",
    text,
    blocks: [...sections.map((section) => sectionBlock(section.mrkdwn)), ...actions],
  };
}
