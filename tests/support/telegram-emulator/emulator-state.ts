/**
 * What the harness remembers, shared by the front door and the emulated users: the chats users
 * opened, every bot message and edit, every Bot API call, and the signals that wake waiters.
 */
import { EventEmitter } from "node:events";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Params } from "./bot-api.js";
import type { EmulatorServer } from "./emulator-server.js";

/** A bot message as the user sees it; an edit is a new entry with the message's new state. */
export interface BotMessage {
  readonly messageId: number;
  readonly chatId: number;
  readonly text: string;
  readonly parseMode: string | undefined;
  readonly replyMarkup: InlineKeyboardMarkup | undefined;
  readonly edited: boolean;
  /** A document the bot sent (sendDocument); `text` is then its caption. */
  readonly document?: { readonly fileName: string; readonly bytes: Buffer };
}

/** One Bot API call the bot made (getUpdates excluded), with the answer it got. */
export interface BotApiCall {
  readonly method: string;
  readonly params: Readonly<Params>;
  readonly ok: boolean;
  readonly errorCode: number | undefined;
  readonly description: string | undefined;
  /** When the call arrived (ms since the epoch), to measure send rates. */
  readonly at: number;
}

/** A chat a user opened: the Telegram `chat` object, and whether the user blocked the bot. */
export interface ChatInfo {
  chat: Params;
  blocked: boolean;
}

export interface EmulatorState {
  readonly server: EmulatorServer;
  readonly token: string;
  readonly strict: boolean;
  /** What getMe answers, and the `from` of the bot's messages. */
  readonly botUser: Params;
  /** Emits "update" when a user update arrives (or polls must end), "reply" per bot message. */
  readonly signals: EventEmitter;
  readonly chats: Map<number, ChatInfo>;
  /** Every bot message and edit, oldest first. */
  readonly timeline: BotMessage[];
  /** The latest state of each bot message, by message id (global in the emulator). */
  readonly current: Map<number, BotMessage>;
  readonly log: BotApiCall[];
  /**
   * Updates the emulator cannot make itself (a user editing a sent message), served by the
   * front door's long polling next to the emulator's own.
   */
  readonly extraUpdates: Params[];
  /** Adds a bot message or edit to the timeline and wakes `waitForReply`. */
  recordMessage(message: BotMessage): BotMessage;
  /** The Telegram Message the Bot API answers for this bot message. */
  asTelegramMessage(message: BotMessage): Params;
  /** What the bot sent to a chat and which calls failed, for a test failure's message. */
  report(chatId: number, seen: number): string;
}

export function createEmulatorState(
  server: EmulatorServer,
  token: string,
  strict: boolean,
): EmulatorState {
  const botUser = {
    id: Number(token.split(":")[0]) || 666,
    is_bot: true,
    first_name: "Test First name",
    username: "TestNameBot",
  };
  const signals = new EventEmitter().setMaxListeners(0);
  const chats = new Map<number, ChatInfo>();
  const timeline: BotMessage[] = [];
  const current = new Map<number, BotMessage>();
  const log: BotApiCall[] = [];
  const extraUpdates: Params[] = [];

  function recordMessage(message: BotMessage): BotMessage {
    timeline.push(message);
    current.set(message.messageId, message);
    signals.emit("reply");
    return message;
  }

  function asTelegramMessage(message: BotMessage): Params {
    return {
      message_id: message.messageId,
      date: Math.floor(Date.now() / 1000),
      chat: chats.get(message.chatId)?.chat ?? { id: message.chatId, type: "private" },
      from: botUser,
      text: message.text,
      ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
    };
  }

  function report(chatId: number, seen: number): string {
    const lines = timeline
      .map((message, index) => ({ message, index }))
      .filter(({ message }) => message.chatId === chatId)
      .map(({ message, index }) => `  ${index < seen ? " " : "»"} ${describeMessage(message)}`);
    const failures = log
      .filter((call) => !call.ok)
      .map((call) => `  ${call.method}: ${call.description ?? "(no description)"}`);
    return [
      `Bot messages to chat ${chatId} (» = not yet returned):${lines.length === 0 ? " none" : ""}`,
      ...lines,
      `Failed bot API calls:${failures.length === 0 ? " none" : ""}`,
      ...failures,
      `Last calls: ${
        log
          .slice(-8)
          .map((call) => call.method)
          .join(", ") || "none"
      }`,
    ].join("\n");
  }

  return {
    server,
    token,
    strict,
    botUser,
    signals,
    chats,
    timeline,
    current,
    log,
    extraUpdates,
    recordMessage,
    asTelegramMessage,
    report,
  };
}

/** Resolves on the next `event` or after `ms`, whichever comes first. */
export function waitFor(emitter: EventEmitter, event: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      emitter.off(event, done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    emitter.once(event, done);
  });
}

function describeMessage(message: BotMessage): string {
  const buttons = message.replyMarkup?.inline_keyboard.flat().map((b) => b.text);
  const text = message.text.length > 160 ? `${message.text.slice(0, 160)}…` : message.text;
  return `#${message.messageId}${message.edited ? " (edited)" : ""} ${JSON.stringify(text)}${buttons ? ` [${buttons.join(" | ")}]` : ""}`;
}
