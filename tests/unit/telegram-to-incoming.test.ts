import fc from "fast-check";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { toIncoming } from "../../src/platforms/telegram/to-incoming.js";

const now = new Date("2024-03-04T09:00:00Z");
const options = { botUsername: "DubanBot", now: () => now };
const alice = {
  id: 501,
  is_bot: false,
  first_name: "Alice",
  last_name: "Li",
  username: "alice",
  language_code: "en",
};
const privateChat = { id: 501, type: "private", first_name: "Alice" };
const groupChat = { id: -1001, type: "group", title: "领导小组" };
const supergroup = { id: -100123, type: "supergroup", title: "督办群" };

/** A message update from Alice in her private chat, with the given fields. */
function message(
  fields: Record<string, unknown>,
  chat: object = privateChat,
  updateId = 7,
): Update {
  return {
    update_id: updateId,
    message: { message_id: 1, date: 1_709_542_800, chat, from: alice, ...fields },
  } as unknown as Update;
}

const odd = (value: unknown): Update => value as Update;

describe("toIncoming: messages", () => {
  it("turns text into a text Incoming with the user, the chat and the update key", () => {
    expect(toIncoming(message({ text: "本周完成巡查 3 次" }), options)).toEqual({
      platform: "telegram",
      updateKey: "7",
      receivedAt: now,
      user: { externalId: "501", displayName: "Alice Li", username: "alice", languageCode: "en" },
      chat: { id: "501", kind: "private" },
      content: { kind: "text", text: "本周完成巡查 3 次", messageId: "1" },
    });
  });

  it("reads commands: name lower-cased, bot suffix stripped, arguments trimmed", () => {
    const content = (text: string) => toIncoming(message({ text }), options)?.content;
    expect(content("/report")).toEqual({ kind: "command", name: "report", args: "" });
    expect(content("/start AbC-123")).toEqual({ kind: "command", name: "start", args: "AbC-123" });
    expect(content("/Report@DubanBot  2024W10 ")).toEqual({
      kind: "command",
      name: "report",
      args: "2024W10",
    });
    expect(content("/report@dubanbot")).toEqual({ kind: "command", name: "report", args: "" });
    expect(content("/skip 外出\n学习")).toEqual({
      kind: "command",
      name: "skip",
      args: "外出\n学习",
    });
  });

  it("ignores a command addressed to another bot, but strips any suffix when it knows no name", () => {
    expect(toIncoming(message({ text: "/report@OtherBot" }), options)).toBeUndefined();
    expect(toIncoming(message({ text: "/report@OtherBot x" }))?.content).toEqual({
      kind: "command",
      name: "report",
      args: "x",
    });
  });

  it("keeps text that only looks like a command as text", () => {
    for (const text of ["/", "/ report", "/报告", "please /report", "/report-now"]) {
      expect(toIncoming(message({ text }), options)?.content).toEqual({
        kind: "text",
        text,
        messageId: "1",
      });
    }
  });

  it("maps group and supergroup chats to group", () => {
    expect(toIncoming(message({ text: "status" }, groupChat), options)?.chat).toEqual({
      id: "-1001",
      kind: "group",
    });
    expect(toIncoming(message({ text: "status" }, supergroup), options)?.chat).toEqual({
      id: "-100123",
      kind: "group",
    });
  });

  it("marks what the bot cannot read as unsupported", () => {
    const file = { file_id: "f", file_unique_id: "u" };
    const cases: [Record<string, unknown>, string][] = [
      [{ sticker: { ...file, emoji: "👍" } }, "sticker"],
      [{ photo: [file], caption: "现场照片" }, "photo"],
      [{ voice: { ...file, duration: 3 } }, "voice"],
      [{ audio: { ...file, duration: 3 } }, "file"],
      [{ video: { ...file, duration: 3 } }, "video"],
      [{ video_note: { ...file, duration: 3, length: 240 } }, "video"],
      [{ animation: file, document: file }, "video"],
      [{ document: { ...file, file_name: "a.pdf" } }, "file"],
      [{ location: { latitude: 30, longitude: 120 } }, "location"],
      [{ venue: { location: { latitude: 30, longitude: 120 }, title: "x" } }, "location"],
      [{ contact: { phone_number: "1", first_name: "Bob" } }, "other"],
      [{ poll: { id: "p", question: "?", options: [] } }, "other"],
      [{ dice: { emoji: "🎲", value: 3 } }, "other"],
    ];
    for (const [fields, what] of cases) {
      expect(toIncoming(message(fields), options)?.content, what).toEqual({
        kind: "unsupported",
        what,
      });
    }
  });

  it("ignores service messages, so the bot stays quiet when people join or pin", () => {
    for (const fields of [
      { new_chat_members: [alice] },
      { left_chat_member: alice },
      { pinned_message: { message_id: 1, date: 1, chat: groupChat } },
      { group_chat_created: true },
      { migrate_to_chat_id: -100999 },
      {},
    ]) {
      expect(toIncoming(message(fields, groupChat), options)).toBeUndefined();
    }
  });

  it("ignores messages from bots, on behalf of chats, and automatic forwards", () => {
    const bot = { id: 9, is_bot: true, first_name: "Other" };
    expect(toIncoming(message({ text: "hi", from: bot }), options)).toBeUndefined();
    const asChat = { text: "hi", sender_chat: supergroup };
    expect(toIncoming(message(asChat, supergroup), options)).toBeUndefined();
    const forwarded = { text: "hi", is_automatic_forward: true };
    expect(toIncoming(message(forwarded, supergroup), options)).toBeUndefined();
  });

  it("leaves out a user's missing name, username and language", () => {
    const bare = { id: 77, is_bot: false, first_name: "" };
    expect(toIncoming(message({ text: "x", from: bare }), options)?.user).toEqual({
      externalId: "77",
    });
  });
});

describe("toIncoming: buttons", () => {
  const query = (fields: Record<string, unknown>): Update =>
    odd({
      update_id: 12,
      callback_query: {
        id: "cb1",
        from: alice,
        chat_instance: "ci",
        data: "track:yes",
        message: { message_id: 40, date: 1_709_542_800, chat: groupChat, text: "On track?" },
        ...fields,
      },
    });

  it("turns a tap into a choice in the chat of the tapped message, by the tapping user", () => {
    expect(toIncoming(query({}), options)).toMatchObject({
      updateKey: "12",
      user: { externalId: "501" },
      chat: { id: "-1001", kind: "group" },
      content: { kind: "choice", data: "track:yes" },
    });
  });

  it("accepts a tap on a message too old to access, which still names its chat", () => {
    const old = { message: { message_id: 40, date: 0, chat: privateChat } };
    expect(toIncoming(query(old), options)?.chat).toEqual({ id: "501", kind: "private" });
  });

  it("ignores taps without data, on inline messages, and with over-long data", () => {
    expect(toIncoming(query({ data: undefined, game_short_name: "g" }), options)).toBeUndefined();
    expect(
      toIncoming(query({ message: undefined, inline_message_id: "im" }), options),
    ).toBeUndefined();
    expect(toIncoming(query({ data: "d".repeat(65) }), options)).toBeUndefined();
  });
});

describe("toIncoming: updates the bot ignores, and odd ones", () => {
  it("reads an edited text as an edit of that message, and ignores an edited command", () => {
    const edited = (text: string) =>
      odd({
        update_id: 7,
        edited_message: {
          message_id: 41,
          date: 1,
          edit_date: 2,
          chat: privateChat,
          from: alice,
          text,
        },
      });
    expect(toIncoming(edited("21次"), options)?.content).toEqual({
      kind: "edited",
      text: "21次",
      messageId: "41",
    });
    expect(toIncoming(edited("/report"), options)).toBeUndefined();
  });

  it("ignores edited media, channel posts and membership changes", () => {
    const post = {
      message_id: 1,
      date: 1,
      chat: { id: -100, type: "channel", title: "c" },
      text: "x",
    };
    for (const update of [
      {
        update_id: 1,
        edited_message: {
          message_id: 1,
          date: 1,
          edit_date: 2,
          chat: privateChat,
          from: alice,
          photo: [],
        },
      },
      { update_id: 2, channel_post: post },
      { update_id: 3, edited_channel_post: post },
      { update_id: 4, my_chat_member: { chat: privateChat, from: alice, date: 1 } },
      { update_id: 5, chat_member: { chat: groupChat, from: alice, date: 1 } },
      { update_id: 6, message: { ...post } },
    ]) {
      expect(toIncoming(odd(update), options)).toBeUndefined();
    }
  });

  it("returns undefined, never throws, for malformed updates", () => {
    for (const value of [
      null,
      undefined,
      42,
      "update",
      [],
      {},
      { update_id: -1, message: { chat: privateChat, from: alice, text: "x" } },
      { update_id: "7", message: { chat: privateChat, from: alice, text: "x" } },
      { update_id: 7, message: null },
      { update_id: 7, message: { text: "x" } },
      { update_id: 7, message: { chat: privateChat, text: "x" } },
      { update_id: 7, message: { chat: { id: "501", type: "private" }, from: alice, text: "x" } },
      { update_id: 7, message: { chat: privateChat, from: { ...alice, id: "501" }, text: "x" } },
      { update_id: 7, callback_query: { from: alice, data: "x", message: "gone" } },
      { update_id: 7, message: { chat: privateChat, from: alice, text: 42 } },
    ]) {
      expect(() => toIncoming(odd(value), options)).not.toThrow();
      expect(toIncoming(odd(value), options)).toBeUndefined();
    }
  });

  it("clips an over-long name and drops an over-long language code instead of failing", () => {
    const from = { ...alice, first_name: "名".repeat(300), language_code: "x".repeat(40) };
    const user = toIncoming(message({ text: "x", from }), options)?.user;
    expect(user?.displayName).toHaveLength(256);
    expect(user?.languageCode).toBeUndefined();
  });

  it("never throws on any JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (message, query) => {
        const update = odd({ update_id: 1, message, callback_query: query });
        expect(() => toIncoming(update)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
