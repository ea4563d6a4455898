/** chat.postMessage, chat.update and chat.postEphemeral, with Slack's message limits. */
import { checkBlocks, formatProblems } from "./block-kit-rules.js";
import type { FakeSlackMessage, FakeSlackState } from "./fake-slack-state.js";
import { isRecord, textArg } from "./narrow.js";
import { randomSlackChars } from "./slack-ids.js";
import { type Args, refuse, type SlackAnswer, type SlackMethod } from "./slack-method.js";

/** Slack refuses longer message texts with msg_too_long. */
export const MAX_MESSAGE_TEXT = 40_000;

interface Content {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/**
 * The text, blocks and attachments of a post or an update, checked as Slack checks them, or the
 * answer refusing them. A `blocks` argument still a string failed to parse as JSON.
 */
export function readContent(
  args: Args,
): { ok: true; content: Content } | { ok: false; answer: SlackAnswer } {
  const content: Content = {};
  const text = textArg(args, "text");
  if (text !== undefined) content.text = text;
  if (args.blocks !== undefined) {
    if (!Array.isArray(args.blocks)) return { ok: false, answer: refuse("invalid_blocks_format") };
    content.blocks = args.blocks;
  }
  if (args.attachments !== undefined) {
    if (!Array.isArray(args.attachments))
      return { ok: false, answer: refuse("invalid_attachments") };
    content.attachments = args.attachments;
  }
  const hasBlocks = (content.blocks?.length ?? 0) > 0;
  const hasAttachments = (content.attachments?.length ?? 0) > 0;
  if (text === undefined && !hasBlocks && !hasAttachments)
    return { ok: false, answer: refuse("no_text") };
  if (text !== undefined && text.length > MAX_MESSAGE_TEXT) {
    return { ok: false, answer: refuse("msg_too_long") };
  }
  if (content.blocks) {
    const problems = checkBlocks(content.blocks, "message");
    if (problems.length > 0)
      return { ok: false, answer: refuse("invalid_blocks", formatProblems(problems)) };
  }
  return { ok: true, content };
}

/** Slack fills in a random block_id on every block posted without one; so does the fake. */
export function withBlockIds(blocks: readonly unknown[]): unknown[] {
  return blocks.map((block) =>
    isRecord(block) && block.block_id === undefined
      ? { ...block, block_id: randomSlackChars(5) }
      : block,
  );
}

/** A stored bot message as the Web API and interaction payloads show it. */
export function messageJson(state: FakeSlackState, m: FakeSlackMessage): Record<string, unknown> {
  return {
    type: "message",
    user: m.user,
    bot_id: state.botId,
    app_id: state.appId,
    team: state.teamId,
    text: m.text,
    ts: m.ts,
    blocks: m.blocks,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.attachments ? { attachments: m.attachments } : {}),
    ...(m.files ? { files: m.files.map((f) => ({ id: f.id, name: f.name, title: f.title })) } : {}),
    ...(m.updatedTimes > 0 ? { edited: { user: state.botUserId, ts: m.ts } } : {}),
  };
}

const postMessage: SlackMethod = {
  acceptsJson: true,
  required: ["channel"],
  handle(args, state) {
    const resolved = state.resolveChannel(textArg(args, "channel") ?? "", true);
    if (!resolved.ok) return refuse(resolved.error);
    const read = readContent(args);
    if (!read.ok) return read.answer;
    const { text, blocks, attachments } = read.content;
    const threadTs = textArg(args, "thread_ts");
    const message: FakeSlackMessage = {
      channel: resolved.channel,
      ts: state.clock.next(),
      user: state.botUserId,
      text: text ?? "",
      blocks: withBlockIds(blocks ?? []),
      updatedTimes: 0,
      ...(threadTs ? { threadTs } : {}),
      ...(attachments ? { attachments } : {}),
    };
    if (resolved.dmUser) state.openedDms.add(resolved.dmUser);
    state.messages.push(message);
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      message: messageJson(state, message),
    };
  },
};

const update: SlackMethod = {
  acceptsJson: true,
  required: ["channel", "ts"],
  handle(args, state) {
    const resolved = state.resolveChannel(textArg(args, "channel") ?? "", false);
    if (!resolved.ok) return refuse(resolved.error);
    const ts = textArg(args, "ts") ?? "";
    const message = state.findMessage(resolved.channel, ts);
    if (!message) {
      const byUser = state.userMessages.some((m) => m.channel === resolved.channel && m.ts === ts);
      return refuse(byUser ? "cant_update_message" : "message_not_found");
    }
    const read = readContent(args);
    if (!read.ok) return read.answer;
    // An update without `blocks` keeps the message's blocks; `blocks: []` removes them.
    const { text, blocks, attachments } = read.content;
    if (text !== undefined) message.text = text;
    if (blocks !== undefined) message.blocks = withBlockIds(blocks);
    if (attachments !== undefined) message.attachments = attachments;
    message.updatedTimes += 1;
    return {
      ok: true,
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      message: messageJson(state, message),
    };
  },
};

const postEphemeral: SlackMethod = {
  acceptsJson: true,
  required: ["channel", "user"],
  handle(args, state) {
    const resolved = state.resolveChannel(textArg(args, "channel") ?? "", false);
    if (!resolved.ok) return refuse(resolved.error);
    const user = textArg(args, "user") ?? "";
    if (!state.users.has(user)) return refuse("user_not_found");
    if (!state.isMember(resolved.channel, user)) return refuse("user_not_in_channel");
    const read = readContent(args);
    if (!read.ok) return read.answer;
    const threadTs = textArg(args, "thread_ts");
    const ts = state.clock.next();
    state.ephemerals.push({
      channel: resolved.channel,
      user,
      ts,
      text: read.content.text ?? "",
      blocks: withBlockIds(read.content.blocks ?? []),
      ...(threadTs ? { threadTs } : {}),
    });
    return { ok: true, message_ts: ts };
  },
};

export const CHAT_METHODS: Record<string, SlackMethod> = {
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.postEphemeral": postEphemeral,
};
