/**
 * A person talking to the bot through the emulator's client: sends text, commands, stickers and
 * photos, taps inline buttons, blocks the bot, and reads what the bot sent to their chat.
 */
import type { InlineKeyboardButton } from "grammy/types";
import { isRecord, type Params } from "./bot-api.js";
import { type BotMessage, type EmulatorState, waitFor } from "./emulator-state.js";

const POLL_INTERVAL_MS = 10;
/** The chat id a `chatType: "group"` user gets unless told otherwise; shared by such users. */
export const DEFAULT_GROUP_CHAT_ID = -1_000_001;

export interface EmulatedUserOptions {
  userId: number;
  firstName?: string;
  chatType?: "private" | "group";
  /** Private chats: the user id (the default; anything else is refused). Groups: negative. */
  chatId?: number;
}

export interface EmulatedUser {
  readonly userId: number;
  readonly chatId: number;
  /** Sends a text; resolves to its message id (for `editMessage`). */
  send(text: string): Promise<number>;
  /** Edits a text the user sent, as Telegram's apps do: an `edited_message` update. */
  editMessage(messageId: number, text: string): Promise<void>;
  /** Sends `/name args` with its `bot_command` entity. */
  command(name: string, args?: string): Promise<void>;
  /** Presses the inline button with this text or callback data, newest message first. */
  tap(buttonTextOrData: string): Promise<void>;
  sendSticker(options?: { fileId?: string; emoji?: string }): Promise<void>;
  sendPhoto(options?: { fileId?: string; caption?: string }): Promise<void>;
  /** The user blocks the bot: from now on sending to this chat fails with 403. */
  block(): void;
  /**
   * The next bot message or edit in this chat not yet returned to this user that matches the
   * predicate; entries it skips count as seen. Fails after `timeoutMs` (default 5000) listing
   * what the bot sent and which calls failed.
   */
  waitForReply(
    predicate?: (message: BotMessage) => boolean,
    timeoutMs?: number,
  ): Promise<BotMessage>;
  /** Every bot message and edit in this chat so far, oldest first. */
  replies(): BotMessage[];
  /** The inline keyboard of the bot's latest message in this chat, if it has one. */
  lastKeyboard(): InlineKeyboardButton[][] | undefined;
}

/** Opens the user's chat (so strict mode lets the bot write to it) and returns the user. */
export function createEmulatedUser(
  state: EmulatorState,
  userOptions: EmulatedUserOptions,
): EmulatedUser {
  const { server, token, chats, timeline, current, signals } = state;
  const { userId, firstName = `User${userId}`, chatType = "private" } = userOptions;
  const chatId = userOptions.chatId ?? (chatType === "private" ? userId : DEFAULT_GROUP_CHAT_ID);
  if (chatType === "private" && chatId !== userId) {
    throw new Error(`A private chat's id is the user's id (${userId}), not ${chatId}`);
  }
  const chat =
    chatType === "private"
      ? { id: chatId, type: "private", first_name: firstName, username: `user${userId}` }
      : { id: chatId, type: "group", title: `Group ${chatId}` };
  const info = chats.get(chatId) ?? { chat, blocked: false };
  chats.set(chatId, info);
  const client = server.getClient(token, {
    userId,
    chatId,
    firstName,
    userName: `user${userId}`,
    type: chatType,
    chatTitle: chatType === "group" ? `Group ${chatId}` : firstName,
  });
  let cursor = timeline.length;
  const post = async (body: Params): Promise<void> => {
    await client.sendMessage(body);
  };
  const withoutText = (caption?: string): Params => {
    const { text: _text, ...body } = client.makeMessage("");
    return caption === undefined ? body : { ...body, caption };
  };
  const inChat = (): BotMessage[] => timeline.filter((message) => message.chatId === chatId);
  const latest = (): BotMessage[] =>
    [...current.values()]
      .filter((m) => m.chatId === chatId)
      .sort((a, b) => b.messageId - a.messageId);

  return {
    userId,
    chatId,
    async send(text) {
      await post(client.makeMessage(text));
      // The emulator numbers the message as it stores it: read the number back from there.
      const stored = server.storage.userMessages.findLast((update) => {
        const message = update.message;
        return (
          isRecord(message) &&
          message.text === text &&
          isRecord(message.chat) &&
          message.chat.id === chatId
        );
      });
      return Number(stored?.messageId);
    },
    async editMessage(messageId, text) {
      const now = Math.floor(Date.now() / 1000);
      const from = { id: userId, is_bot: false, first_name: firstName, username: `user${userId}` };
      const update_id = server.updateId++;
      const edited_message = {
        message_id: messageId,
        date: now,
        edit_date: now,
        chat: info.chat,
        from,
        text,
      };
      state.extraUpdates.push({ update_id, edited_message });
      signals.emit("update");
    },
    async command(name, args) {
      await client.sendCommand(client.makeCommand(`/${name}${args ? ` ${args}` : ""}`));
    },
    async tap(label) {
      for (const message of latest()) {
        const button = message.replyMarkup?.inline_keyboard
          .flat()
          .find((b) => b.text === label || ("callback_data" in b && b.callback_data === label));
        if (!button) continue;
        if (!("callback_data" in button))
          throw new Error(`Button "${button.text}" has no callback data`);
        const telegramMessage = { ...state.asTelegramMessage(message), chat: info.chat };
        await client.sendCallback(
          // The emulator merges the message into an object it shares with `from`: without an
          // explicit `from` the tap would come from the bot itself.
          client.makeCallbackQuery(button.callback_data, {
            message: telegramMessage,
            from: { id: userId, is_bot: false, first_name: firstName, username: `user${userId}` },
          }),
        );
        return;
      }
      throw new Error(
        `No inline button "${label}" in chat ${chatId}.\n${state.report(chatId, cursor)}`,
      );
    },
    sendSticker: ({ fileId = "sticker-1", emoji = "👍" } = {}) =>
      post({
        ...withoutText(),
        sticker: {
          ...file(fileId, 512, 512),
          type: "regular",
          is_animated: false,
          is_video: false,
          emoji,
        },
      }),
    sendPhoto: ({ fileId = "photo-1", caption } = {}) =>
      post({ ...withoutText(caption), photo: [file(fileId, 320, 240)] }),
    block() {
      info.blocked = true;
    },
    async waitForReply(predicate = () => true, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        while (cursor < timeline.length) {
          const message = timeline[cursor++];
          if (message && message.chatId === chatId && predicate(message)) return message;
        }
        const remaining = deadline - Date.now();
        if (remaining <= 0) {
          throw new Error(
            `No matching bot reply to chat ${chatId} within ${timeoutMs} ms.\n${state.report(chatId, cursor)}`,
          );
        }
        await waitFor(signals, "reply", Math.min(remaining, POLL_INTERVAL_MS));
      }
    },
    replies: inChat,
    lastKeyboard: () => latest()[0]?.replyMarkup?.inline_keyboard,
  };
}

function file(fileId: string, width: number, height: number): Params {
  return { file_id: fileId, file_unique_id: `${fileId}-u`, width, height, file_size: 1024 };
}
