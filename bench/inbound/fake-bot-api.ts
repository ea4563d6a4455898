import type { ApiClientOptions, Transformer } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";

/** The bot both sides run as (getMe answers this). */
export const BENCH_BOT: UserFromGetMe = {
  id: 4_242_000_001,
  is_bot: true,
  first_name: "督办压测",
  username: "duban_bench_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** A token of the right shape; it never leaves the process. */
export const BENCH_TOKEN = `${BENCH_BOT.id}:bench-token-never-sent-anywhere`;

/** One inline button of a sent message. */
export interface SentButton {
  text: string;
  data: string;
}

/** A message the bot sent, as the member sees it. */
export interface SentMessage {
  chatId: number;
  messageId: number;
  /** The text with HTML tags removed and entities decoded. */
  text: string;
  buttons: SentButton[];
  /** `performance.now()` when the Bot API call was answered. */
  sentAt: number;
  /** The `Message` object returned to the bot (what a callback query carries). */
  message: Message;
}

interface Waiter {
  count: number;
  resolve: () => void;
}

type JsonObject = Record<string, unknown>;

/**
 * The Telegram Bot API answered in process: well-formed results for the methods a report
 * conversation uses (getMe, sendMessage, answerCallbackQuery, editMessageReplyMarkup,
 * setMyCommands), every sent message recorded per chat with the time it was sent. Any other
 * method is answered 400 and remembered as unexpected, so a run that needed it fails.
 *
 * Reach it through `transformer` (install with `bot.api.config.use`) or `fetch` (the client
 * option; the conversations plugin rebuilds its `Api` from token and options, so a
 * transformer installed on `bot.api` never sees calls made inside a conversation).
 */
export class FakeBotApi {
  readonly calls = new Map<string, number>();
  readonly unexpected: string[] = [];
  readonly #messages = new Map<number, SentMessage[]>();
  readonly #waiters = new Map<number, Waiter[]>();
  #nextMessageId = 1;

  /** A grammY API transformer that answers every call without calling `prev`. */
  readonly transformer: Transformer = async (_prev, method, payload) => {
    const answer = this.answer(method, (payload ?? {}) as JsonObject);
    return answer.ok
      ? { ok: true, result: answer.result as never }
      : { ok: false, error_code: 400, description: answer.description };
  };

  /** A `fetch` for grammY's client options: parses the JSON request, answers it in process. */
  readonly fetch = (async (url: string, init?: { body?: unknown }) => {
    const method = String(url).split("/").pop() ?? "";
    const body = typeof init?.body === "string" ? init.body : "{}";
    const answer = this.answer(method, JSON.parse(body) as JsonObject);
    const response = answer.ok
      ? { ok: true, result: answer.result }
      : { ok: false, error_code: 400, description: answer.description };
    return { json: async () => response };
  }) as unknown as NonNullable<ApiClientOptions["fetch"]>;

  /** Everything sent to a chat so far, oldest first. */
  messagesFor(chatId: number): readonly SentMessage[] {
    return this.#messages.get(chatId) ?? [];
  }

  /** Resolves once `count` messages in all have been sent to the chat. */
  waitForCount(chatId: number, count: number): Promise<void> {
    if (this.messagesFor(chatId).length >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.#waiters.get(chatId) ?? [];
      waiters.push({ count, resolve });
      this.#waiters.set(chatId, waiters);
    });
  }

  /** Total messages sent to every chat. */
  get sentCount(): number {
    let total = 0;
    for (const messages of this.#messages.values()) total += messages.length;
    return total;
  }

  answer(
    method: string,
    payload: JsonObject,
  ): { ok: true; result: unknown } | { ok: false; description: string } {
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    switch (method) {
      case "getMe":
        return { ok: true, result: BENCH_BOT };
      case "sendMessage":
        return { ok: true, result: this.#send(payload) };
      case "answerCallbackQuery":
      case "setMyCommands":
        return { ok: true, result: true };
      case "editMessageReplyMarkup": {
        const chatId = Number(payload.chat_id);
        const messageId = Number(payload.message_id);
        const sent = this.messagesFor(chatId).find((m) => m.messageId === messageId);
        if (!sent) return { ok: false, description: "Bad Request: message to edit not found" };
        const { reply_markup: _removed, ...message } = sent.message;
        return { ok: true, result: { ...message, edit_date: sent.message.date } };
      }
      default:
        this.unexpected.push(method);
        return { ok: false, description: `Bad Request: the bench does not answer ${method}` };
    }
  }

  #send(payload: JsonObject): Message {
    const chatId = Number(payload.chat_id);
    const html = typeof payload.text === "string" ? payload.text : "";
    const markup = payload.reply_markup as
      | { inline_keyboard?: { text: string; callback_data?: string }[][] }
      | undefined;
    const rows = markup?.inline_keyboard ?? [];
    const message = {
      message_id: this.#nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private" as const, first_name: "member" },
      from: BENCH_BOT,
      text: html,
      ...(rows.length > 0
        ? {
            reply_markup: {
              inline_keyboard: rows.map((row) =>
                row.map((button) => ({
                  text: button.text,
                  callback_data: button.callback_data ?? "",
                })),
              ),
            },
          }
        : {}),
    } satisfies Message;
    const sent: SentMessage = {
      chatId,
      messageId: message.message_id,
      text: toPlainText(html),
      buttons: rows
        .flat()
        .map((button) => ({ text: button.text, data: button.callback_data ?? "" })),
      sentAt: performance.now(),
      message,
    };
    const messages = this.#messages.get(chatId) ?? [];
    messages.push(sent);
    this.#messages.set(chatId, messages);
    const waiters = this.#waiters.get(chatId);
    if (waiters) {
      const due = waiters.filter((waiter) => waiter.count <= messages.length);
      if (due.length > 0) {
        this.#waiters.set(
          chatId,
          waiters.filter((waiter) => waiter.count > messages.length),
        );
        for (const waiter of due) waiter.resolve();
      }
    }
    return message;
  }
}

/** Telegram HTML as the reader sees it: tags dropped, the three entities decoded. */
function toPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}
