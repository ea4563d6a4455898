import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Bot, BotError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { type RouteHandler, sendJson } from "../../http/http-server.js";
import { createInFlightRequests } from "../../http/in-flight-requests.js";
import type { Logger } from "../../logger.js";

/** The update types duban handles; the same list serves long polling and the webhook. */
export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

const SECRET_HEADER = "x-telegram-bot-api-secret-token";
const MAX_BODY_BYTES = 1024 * 1024;
/** Telegram's rule for `secret_token`: 1-256 of `A-Z a-z 0-9 _ -`. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/** The webhook side of the bot: a route, its registration with Telegram, and its shutdown. */
export interface TelegramWebhook {
  /** Serves `POST <path of the webhook URL>`; other paths are left to the next handler. */
  handler: RouteHandler;
  /** Accepts updates and points Telegram at the URL with the secret (`setWebhook`). */
  register(signal?: GrammySignal): Promise<void>;
  /** Refuses new updates with 503 (Telegram redelivers them) and waits for those in flight. */
  close(): Promise<void>;
}

/** The AbortSignal type grammY's API methods take (its Node shim's). */
export type GrammySignal = Parameters<Bot["init"]>[0];

/** A request body that is not an update; answered 400 (or 413) without handling it. */
class WebhookBodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
    this.name = "WebhookBodyError";
  }
}

/**
 * Webhook mode: a route handler built on grammY's `webhookCallback` that checks the
 * `X-Telegram-Bot-Api-Secret-Token` header in constant time before reading the body (wrong or
 * missing: 401, never handled), refuses a body that is not a JSON update (400) or is over
 * 1 MB (413), and runs the bot's middleware. A handler error goes to `onError` and is answered
 * 200, like long polling moving on, so one bad update cannot hold back the ones after it;
 * a failure before handling (the bot cannot initialise) is answered 500 so Telegram redelivers.
 *
 * Without a configured secret one is derived from the token, so every instance agrees on it.
 * `register()` asks Telegram for one connection at a time: updates arrive in order, one after
 * the other, as with long polling.
 */
export function createTelegramWebhook(options: {
  bot: Bot;
  url: string;
  secret?: string;
  logger: Logger;
  onError: (error: unknown) => void;
}): TelegramWebhook {
  const { bot, logger } = options;
  const secret = options.secret ?? webhookSecretFor(bot.token);
  if (!SECRET_PATTERN.test(secret)) {
    throw new Error("TELEGRAM_WEBHOOK_SECRET must be 1-256 of A-Z, a-z, 0-9, _ and -");
  }
  const path = new URL(options.url).pathname;
  const callback = webhookCallback(bot, nodeAdapter, {
    secretToken: secret,
    timeoutMilliseconds: Number.POSITIVE_INFINITY, // stop() waits; Telegram times out itself
  });
  const inFlight = createInFlightRequests();
  let closed = false;

  const serve = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    try {
      await callback(request, response);
    } catch (error: unknown) {
      if (error instanceof WebhookBodyError) {
        logger.warn({ status: error.status, reason: error.message }, "telegram webhook refused");
        if (error.status === 413) response.setHeader("connection", "close");
        sendJson(response, error.status, { error: error.message });
        return;
      }
      options.onError(error);
      if (response.headersSent) return;
      if (error instanceof BotError) response.writeHead(200).end();
      else sendJson(response, 500, { error: "internal_error" });
    }
  };

  return {
    async handler(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== path) return false;
      if (request.method !== "POST") {
        response.setHeader("allow", "POST");
        sendJson(response, 405, { error: "method_not_allowed" });
        return true;
      }
      if (closed) {
        sendJson(response, 503, { error: "stopping" });
        return true;
      }
      await inFlight.track(() => serve(request, response));
      return true;
    },
    async register(signal) {
      closed = false;
      await bot.api.setWebhook(
        options.url,
        {
          secret_token: secret,
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: false,
          max_connections: 1,
        },
        signal,
      );
      logger.info({ path }, "telegram webhook registered");
    },
    async close() {
      closed = true;
      await inFlight.drain();
    },
  };
}

/**
 * The secret used when none is configured: derived from the bot token (so every instance
 * computes the same one) without revealing it.
 */
export function webhookSecretFor(token: string): string {
  return createHash("sha256").update(`duban telegram webhook\0${token}`).digest("hex");
}

/** grammY's "http" adapter, with a size limit and typed errors for bodies that are no update. */
function nodeAdapter(request: IncomingMessage, response: ServerResponse) {
  const header = request.headers[SECRET_HEADER];
  return {
    // A getter: webhookCallback reads the body only after the secret matched.
    get update() {
      return readUpdate(request);
    },
    header: Array.isArray(header) ? header[0] : header,
    end: () => {
      response.writeHead(200).end();
    },
    respond: (json: string) => {
      response.writeHead(200, { "content-type": "application/json" }).end(json);
    },
    unauthorized: () => {
      sendJson(response, 401, { error: "unauthorized" });
    },
  };
}

async function readUpdate(request: IncomingMessage): Promise<Update> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new WebhookBodyError(413, "body too large");
    chunks.push(buffer);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new WebhookBodyError(400, "body is not JSON");
  }
  const updateId =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as { update_id?: unknown }).update_id
      : undefined;
  if (typeof updateId !== "number" || !Number.isSafeInteger(updateId) || updateId < 0) {
    throw new WebhookBodyError(400, "body is not an update");
  }
  return parsed as Update;
}
