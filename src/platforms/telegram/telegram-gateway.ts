import { type Api, BotError, GrammyError, HttpError, InputFile } from "grammy";
import type { Reply } from "../../core/reply.js";
import type { Logger } from "../../logger.js";
import {
  type ChatGateway,
  DeliveryError,
  type DeliveryErrorKind,
  type DeliveryLimits,
} from "../../outbox/chat-gateway.js";
import { renderReply, type TelegramOperation } from "./render-reply.js";
import type { TelegramButtonRow, TelegramButtonStore } from "./telegram-button-store.js";
import type { GrammySignal } from "./telegram-webhook.js";

/** Telegram's sending limits; the defaults are what Telegram documents. */
export interface TelegramLimits {
  /** Messages a second across all chats (default 30). */
  perSecond?: number;
  /** In a private chat, about one a second (default 1000 ms), with short bursts (default 3). */
  privateChatIntervalMs?: number;
  privateChatBurst?: number;
  /** In a group (a negative chat id), 20 a minute (default). */
  groupChatPerMinute?: number;
}

/** Groups remembered as moved to a supergroup; enough for every group a bot is in. */
const MOVED_MAX = 10_000;

/**
 * The outbox's way to Telegram: renders a `Reply` as Bot API operations (HTML, split
 * messages, inline keyboard, document; see `renderReply`) and sends them one at a time over
 * grammY's `Api` (give it `bot.api`, which carries auto-retry for short rate limits and 5xx).
 * A call gives up after `callTimeoutMs` (default 25 s), retries included. Every failure
 * becomes a `DeliveryError`: 429 is retryable after `retry_after`; 5xx, network errors and
 * unknown failures are retryable; 403 (the person blocked the bot or never started it, the
 * bot left the group) is unreachable; other 4xx (chat not found, bad request, a revoked
 * token) and replies Telegram would refuse are permanent.
 *
 * A group upgraded to a supergroup is followed to its new id (logged as a warning) and
 * remembered, so later parts and messages go there directly.
 *
 * Button data too long for `callback_data` goes out as a key; the rows behind the keys are
 * written to `buttonStore` before the message is sent (or edited), so a tap can be resolved
 * (`withStoredButtonData`). Without a store such a reply is refused, as Telegram would.
 *
 * @example
 * const gateway = new TelegramGateway({ api: bot.api, logger, buttonStore });
 * for (const part of gateway.renderParts(textMessage("Hi"))) await gateway.sendPart("501", part);
 */
export class TelegramGateway implements ChatGateway<TelegramOperation> {
  readonly platform = "telegram" as const;
  readonly limits: DeliveryLimits;
  readonly #api: Api;
  readonly #logger: Logger | undefined;
  readonly #callTimeoutMs: number;
  readonly #moved = new Map<number, number>();
  readonly #buttonStore: TelegramButtonStore | undefined;

  constructor(options: {
    api: Api;
    logger?: Logger;
    limits?: TelegramLimits;
    callTimeoutMs?: number;
    /** Where button data over 64 bytes is kept; without it such buttons are refused. */
    buttonStore?: TelegramButtonStore;
  }) {
    this.#api = options.api;
    this.#logger = options.logger;
    this.#buttonStore = options.buttonStore;
    this.#callTimeoutMs = options.callTimeoutMs ?? 25_000;
    const limits = options.limits ?? {};
    const perSecond = limits.perSecond ?? 30;
    const privateRate = {
      intervalMs: limits.privateChatIntervalMs ?? 1000,
      burst: limits.privateChatBurst ?? 3,
    };
    const groupRate = { intervalMs: 60_000 / (limits.groupChatPerMinute ?? 20), burst: 1 };
    this.limits = {
      perSecond,
      chatRate: (recipient) => (recipient.startsWith("-") ? groupRate : privateRate),
    };
  }

  /** The Bot API calls that deliver `reply`, in order (a permanent DeliveryError if Telegram
   * would refuse it). */
  renderParts(reply: Reply): TelegramOperation[] {
    let parts: TelegramOperation[];
    try {
      parts = renderReply(reply);
    } catch (error: unknown) {
      throw new DeliveryError(`telegram: cannot render reply: ${messageOf(error)}`, {
        kind: "permanent",
        cause: error,
      });
    }
    if (!this.#buttonStore && parts.some((part) => storedButtonsOf(part).length > 0)) {
      // A key nobody can resolve would make every tap "expired": refuse it, visibly, instead.
      throw new DeliveryError("telegram: button data over 64 bytes needs a button store", {
        kind: "permanent",
      });
    }
    return parts;
  }

  /** Makes one Bot API call to a chat id; resolves with the id of the message it made. */
  async sendPart(recipient: string, part: TelegramOperation): Promise<{ messageId: string }> {
    if (!/^-?\d{1,20}$/.test(recipient)) {
      throw new DeliveryError("telegram: recipient is not a chat id", { kind: "permanent" });
    }
    await this.#storeButtons(part);
    const chatId = this.#moved.get(Number(recipient)) ?? Number(recipient);
    try {
      return { messageId: await this.#perform(chatId, part) };
    } catch (error: unknown) {
      const newChatId = migratedTo(error);
      if (newChatId === undefined) throw toDeliveryError(error, part.method);
      this.#logger?.warn({ chatId, newChatId }, "telegram group moved to a supergroup");
      if (this.#moved.size >= MOVED_MAX) this.#moved.clear();
      this.#moved.set(Number(recipient), newChatId);
      try {
        return { messageId: await this.#perform(newChatId, part) };
      } catch (again: unknown) {
        throw toDeliveryError(again, part.method);
      }
    }
  }

  /** Replaces a sent text message's text (editMessageText); "not modified" counts as done. */
  async editPart(recipient: string, messageId: string, part: TelegramOperation): Promise<void> {
    if (part.method !== "sendMessage") {
      throw new DeliveryError("telegram: only text messages can be edited", { kind: "permanent" });
    }
    if (!/^-?\d{1,20}$/.test(recipient) || !/^\d{1,20}$/.test(messageId)) {
      throw new DeliveryError("telegram: not a chat or message id", { kind: "permanent" });
    }
    await this.#storeButtons(part);
    const chatId = this.#moved.get(Number(recipient)) ?? Number(recipient);
    const signal = AbortSignal.timeout(this.#callTimeoutMs) as GrammySignal;
    try {
      await this.#api.editMessageText(
        chatId,
        Number(messageId),
        part.html,
        {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(part.keyboard ? { reply_markup: part.keyboard } : {}),
        },
        signal,
      );
    } catch (error: unknown) {
      if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
      throw toDeliveryError(error, "editMessageText");
    }
  }

  /**
   * Sends a whole reply, part after part, for use outside the outbox; resolves with the id of
   * the last message. It keeps no progress: the outbox resumes a split reply by itself.
   */
  async send(recipient: string, reply: Reply): Promise<{ messageId?: string }> {
    let messageId: string | undefined;
    for (const part of this.renderParts(reply)) {
      ({ messageId } = await this.sendPart(recipient, part));
    }
    return messageId === undefined ? {} : { messageId };
  }

  /** Writes the rows behind the part's keyed buttons; a database failure is worth a retry. */
  async #storeButtons(part: TelegramOperation): Promise<void> {
    const rows = storedButtonsOf(part);
    if (rows.length === 0 || !this.#buttonStore) return;
    try {
      await this.#buttonStore.save(rows);
    } catch (error: unknown) {
      throw new DeliveryError(`telegram: button data not stored: ${messageOf(error)}`, {
        kind: "retryable",
        cause: error,
      });
    }
  }

  async #perform(chatId: number, operation: TelegramOperation): Promise<string> {
    const signal = AbortSignal.timeout(this.#callTimeoutMs) as GrammySignal;
    if (operation.method === "sendMessage") {
      const sent = await this.#api.sendMessage(
        chatId,
        operation.html,
        {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(operation.keyboard ? { reply_markup: operation.keyboard } : {}),
        },
        signal,
      );
      return String(sent.message_id);
    }
    const file = new InputFile(operation.bytes, operation.fileName);
    const sent = await this.#api.sendDocument(
      chatId,
      file,
      operation.captionHtml ? { caption: operation.captionHtml, parse_mode: "HTML" } : {},
      signal,
    );
    return String(sent.message_id);
  }
}

function storedButtonsOf(part: TelegramOperation): readonly TelegramButtonRow[] {
  return part.method === "sendMessage" ? (part.storedButtons ?? []) : [];
}

/** A failure as the outbox needs it; the cause keeps no request payload (no message text). */
function toDeliveryError(error: unknown, method: string): DeliveryError {
  if (error instanceof GrammyError) {
    const code = error.error_code as number | undefined;
    const cause = new GrammyError(
      `Call to '${error.method}' failed!`,
      {
        ok: false,
        error_code: error.error_code,
        description: error.description,
        parameters: error.parameters,
      },
      error.method,
      {},
    );
    const message = `telegram ${method}: ${code ?? "?"} ${error.description ?? ""}`.trim();
    if (code === 429) {
      const seconds = error.parameters.retry_after;
      return new DeliveryError(message, {
        kind: "retryable",
        retryAfterMs: typeof seconds === "number" ? seconds * 1000 : 1000,
        cause,
      });
    }
    return new DeliveryError(message, { kind: kindOfCode(code), cause });
  }
  if (error instanceof HttpError) {
    return new DeliveryError(`telegram ${method}: network: ${networkReason(error)}`, {
      kind: "retryable",
      cause: error,
    });
  }
  return new DeliveryError(`telegram ${method}: ${messageOf(error)}`, {
    kind: "retryable",
    cause: error,
  });
}

/**
 * The Bot API answers 5xx when Telegram itself fails, and an answer without a code is a
 * broken proxy or server: both as likely to pass. 403 is Telegram saying it will not deliver
 * to this chat (blocked, never started, removed from the group); other 4xx refuse the call.
 */
function kindOfCode(code: number | undefined): DeliveryErrorKind {
  if (code === undefined || code >= 500) return "retryable";
  return code === 403 ? "unreachable" : "permanent";
}

/**
 * The kind of a Telegram failure, for logs: the Bot API refused (method, code, description),
 * the network failed (with the token cut out of the URL), or a handler threw (name, message,
 * stack). Never the request payload, so never a message text.
 */
export function describeTelegramError(error: unknown): Record<string, unknown> {
  const cause = error instanceof BotError ? error.error : error;
  if (cause instanceof GrammyError) {
    return {
      errorKind: "api",
      method: cause.method,
      errorCode: cause.error_code,
      description: cause.description,
    };
  }
  if (cause instanceof HttpError) {
    return { errorKind: "network", error: cause.message, reason: networkReason(cause) };
  }
  if (cause instanceof Error) {
    return {
      errorKind: "handler",
      err: { type: cause.name, message: cause.message, stack: cause.stack },
    };
  }
  return { errorKind: "handler", err: { type: typeof cause } };
}

/** Why a request failed: the system error code, or the message with the token cut out. */
function networkReason(error: HttpError): string {
  const inner: unknown = error.error;
  const code = inner instanceof Error ? (inner as { code?: unknown }).code : undefined;
  if (typeof code === "string" && code !== "") return code;
  // node-fetch names the URL, and the URL holds the token: /bot<token>/method.
  return messageOf(inner).replace(/\/bot[^/\s]*/g, "/bot***");
}

function migratedTo(error: unknown): number | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 400) return undefined;
  const id = error.parameters.migrate_to_chat_id;
  return typeof id === "number" ? id : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
