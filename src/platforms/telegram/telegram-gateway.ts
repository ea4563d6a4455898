import { createHash } from "node:crypto";
import { type Api, BotError, GrammyError, HttpError, InputFile } from "grammy";
import type { Reply } from "../../core/reply.js";
import type { Logger } from "../../logger.js";
import { type ChatGateway, DeliveryError } from "../../outbox/chat-gateway.js";
import { renderReply, type TelegramOperation } from "./render-reply.js";

/** How long a partly delivered reply remembers how far it got, and how many are kept. */
const PARTIAL_TTL_MS = 60 * 60 * 1000;
const PARTIAL_MAX = 1000;

interface PartialSend {
  done: number;
  chatId: number;
  messageId: string | undefined;
  expiresAt: number;
}

/**
 * The outbox's way to Telegram: renders a `Reply` (HTML, split messages, inline keyboard,
 * document) and sends its operations in order over grammY's `Api` (give it `bot.api`, which
 * carries auto-retry for short rate limits and 5xx). Every failure becomes a `DeliveryError`:
 * 429 is retryable after `retry_after`; 5xx, network errors and unknown failures are
 * retryable; 400/401/403/404 (chat not found, bot blocked, bad request) and replies Telegram
 * would refuse are not.
 *
 * A reply split into several messages that fails half-way remembers (in memory, for an hour)
 * how many were sent, so the outbox's retry of the same reply to the same chat sends only the
 * rest. A group upgraded to a supergroup is followed to its new id (logged as a warning).
 *
 * @example new TelegramGateway({ api: bot.api, logger }).send("501", textMessage("Hi"))
 */
export class TelegramGateway implements ChatGateway {
  readonly platform = "telegram" as const;
  readonly #api: Api;
  readonly #logger: Logger | undefined;
  readonly #partial = new Map<string, PartialSend>();

  constructor(options: { api: Api; logger?: Logger }) {
    this.#api = options.api;
    this.#logger = options.logger;
  }

  /** Sends one reply to a chat id; resolves with the id of the last message sent. */
  async send(recipient: string, reply: Reply): Promise<{ messageId?: string }> {
    if (!/^-?\d{1,20}$/.test(recipient)) {
      throw new DeliveryError(`telegram: recipient is not a chat id`, { retryable: false });
    }
    let operations: TelegramOperation[];
    try {
      operations = renderReply(reply);
    } catch (error: unknown) {
      throw new DeliveryError(`telegram: cannot render reply: ${messageOf(error)}`, {
        retryable: false,
        cause: error,
      });
    }
    const key = operations.length > 1 ? partialKey(recipient, reply) : undefined;
    const resumed = key ? this.#takePartial(key) : undefined;
    let chatId = resumed?.chatId ?? Number(recipient);
    let messageId = resumed?.messageId;
    let moved = false;
    for (let index = resumed?.done ?? 0; index < operations.length; index++) {
      const operation = operations[index];
      if (!operation) continue;
      try {
        messageId = await this.#perform(chatId, operation);
      } catch (error: unknown) {
        const newChatId = moved ? undefined : migratedTo(error);
        if (newChatId === undefined) {
          const delivery = toDeliveryError(error, operation.method);
          if (key && index > 0 && delivery.retryable) {
            this.#keepPartial(key, { done: index, chatId, messageId });
          }
          throw delivery;
        }
        this.#logger?.warn({ chatId, newChatId }, "telegram group moved to a supergroup");
        chatId = newChatId;
        moved = true;
        index -= 1; // the same operation again, to the new chat
      }
    }
    return messageId === undefined ? {} : { messageId };
  }

  async #perform(chatId: number, operation: TelegramOperation): Promise<string> {
    if (operation.method === "sendMessage") {
      const sent = await this.#api.sendMessage(chatId, operation.html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(operation.keyboard ? { reply_markup: operation.keyboard } : {}),
      });
      return String(sent.message_id);
    }
    const file = new InputFile(operation.bytes, operation.fileName);
    const sent = await this.#api.sendDocument(
      chatId,
      file,
      operation.captionHtml ? { caption: operation.captionHtml, parse_mode: "HTML" } : {},
    );
    return String(sent.message_id);
  }

  #takePartial(key: string): PartialSend | undefined {
    const partial = this.#partial.get(key);
    this.#partial.delete(key);
    return partial && partial.expiresAt > Date.now() ? partial : undefined;
  }

  #keepPartial(key: string, partial: Omit<PartialSend, "expiresAt">): void {
    if (this.#partial.size >= PARTIAL_MAX) {
      const oldest = this.#partial.keys().next();
      if (!oldest.done) this.#partial.delete(oldest.value);
    }
    this.#partial.set(key, { ...partial, expiresAt: Date.now() + PARTIAL_TTL_MS });
  }
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
        retryable: true,
        retryAfterMs: typeof seconds === "number" ? seconds * 1000 : 1000,
        cause,
      });
    }
    // The Bot API answers 5xx when Telegram itself fails; an answer without a code is a
    // broken proxy or server, as likely to pass.
    return new DeliveryError(message, { retryable: code === undefined || code >= 500, cause });
  }
  if (error instanceof HttpError) {
    return new DeliveryError(`telegram ${method}: network: ${networkReason(error)}`, {
      retryable: true,
      cause: error,
    });
  }
  return new DeliveryError(`telegram ${method}: ${messageOf(error)}`, {
    retryable: true,
    cause: error,
  });
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

function partialKey(recipient: string, reply: Reply): string {
  return createHash("sha256")
    .update(recipient)
    .update("\0")
    .update(JSON.stringify(reply))
    .digest("hex");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
