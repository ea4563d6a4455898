/**
 * The response_url Slack gives each slash command and message interaction: JSON posts that
 * reply ephemerally, in the channel, or replace or delete the message a button was on. Five
 * uses within thirty minutes; after that Slack answers 404.
 */
import { readContent, withBlockIds } from "./chat-methods.js";
import type { FakeSlackState, ResponseUrlOrigin } from "./fake-slack-state.js";
import type { PlainAnswer } from "./file-methods.js";
import { flagArg, textArg } from "./narrow.js";
import type { PostedBody } from "./request-body.js";

export function acceptResponse(state: FakeSlackState, id: string, posted: PostedBody): PlainAnswer {
  const body = posted.fields;
  const answer = (status: number, text: string): PlainAnswer => {
    state.responses.push({ id, at: Date.now(), status, body });
    return { status, contentType: status === 200 ? "application/json" : "text/plain", body: text };
  };
  const spent = state.spendResponseUrl(id);
  if (!spent.ok) return answer(404, spent.error);
  if (posted.kind !== "json" || posted.badJson) return answer(400, "invalid_payload");
  const origin = spent.origin;
  if (flagArg(body, "delete_original")) {
    return deleteOriginal(state, origin)
      ? answer(200, '{"ok":true}')
      : answer(404, "message_not_found");
  }
  const read = readContent(body);
  if (!read.ok) return answer(400, read.answer.error ?? "invalid_payload");
  const text = read.content.text ?? "";
  const blocks = withBlockIds(read.content.blocks ?? []);
  if (flagArg(body, "replace_original") && origin.messageTs && origin.channel) {
    return replaceOriginal(state, origin, text, blocks)
      ? answer(200, '{"ok":true}')
      : answer(404, "message_not_found");
  }
  const channel = origin.channel ?? "";
  const threadTs = textArg(body, "thread_ts");
  if (textArg(body, "response_type") === "in_channel") {
    state.messages.push({
      channel,
      ts: state.clock.next(),
      user: state.botUserId,
      text,
      blocks,
      updatedTimes: 0,
      ...(threadTs ? { threadTs } : {}),
    });
  } else {
    // Ephemeral is the default: only the user who typed the command or clicked sees it.
    state.ephemerals.push({ channel, user: origin.user, ts: state.clock.next(), text, blocks });
  }
  return answer(200, '{"ok":true}');
}

function deleteOriginal(state: FakeSlackState, origin: ResponseUrlOrigin): boolean {
  const list = origin.ephemeral ? state.ephemerals : state.messages;
  const index = list.findIndex((m) => m.channel === origin.channel && m.ts === origin.messageTs);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}

function replaceOriginal(
  state: FakeSlackState,
  origin: ResponseUrlOrigin,
  text: string,
  blocks: unknown[],
): boolean {
  if (origin.ephemeral) {
    const ephemeral = state.ephemerals.find(
      (m) => m.channel === origin.channel && m.ts === origin.messageTs,
    );
    if (!ephemeral) return false;
    Object.assign(ephemeral, { text, blocks });
    return true;
  }
  const message = state.findMessage(origin.channel ?? "", origin.messageTs ?? "");
  if (!message) return false;
  Object.assign(message, { text, blocks, updatedTimes: message.updatedTimes + 1 });
  return true;
}
