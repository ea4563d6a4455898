import { createHash } from "node:crypto";
import { type Bot, BotError, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import { type Context, Hono } from "hono";
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
  /**
   * Serves `POST <path of the webhook URL>` (other paths are left to the next handler);
   * mounted on duban's HTTP server with `app.route("/", routes)`.
   */
  routes: Hono;
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
 * Webhook mode: a Hono route built on grammY's `webhookCallback` that checks the
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
  const callback = webhookCallback(bot, honoAdapter, {
    secretToken: secret,
    timeoutMilliseconds: Number.POSITIVE_INFINITY, // stop() waits; Telegram times out itself
  });
  const inFlight = createInFlightRequests();
  let closed = false;

  const serve = async (c: Context): Promise<Response> => {
    try {
      return await callback(c);
    } catch (error: unknown) {
      if (error instanceof WebhookBodyError) {
        logger.warn({ status: error.status, reason: error.message }, "telegram webhook refused");
        // Not reading the rest of an oversized body: the connection cannot be reused.
        const headers = error.status === 413 ? { connection: "close" } : undefined;
        return c.json({ error: error.message }, error.status, headers);
      }
      options.onError(error);
      if (error instanceof BotError) return c.body(null, 200);
      return c.json({ error: "internal_error" }, 500);
    }
  };

  const routes = new Hono();
  // Matched by hand, not as a Hono route: the URL's path is literal, where Hono would read a
  // segment starting with `:` or a `*` as a pattern and would never match a percent-encoded
  // path (it decodes the request's path first).
  routes.all("*", async (c, next) => {
    if (new URL(c.req.url).pathname !== path) return next();
    if (c.req.method !== "POST") {
      return c.json({ error: "method_not_allowed" }, 405, { allow: "POST" });
    }
    if (closed) return c.json({ error: "stopping" }, 503);
    return inFlight.track(() => serve(c));
  });

  return {
    routes,
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

/**
 * grammY's adapter for a Hono context, with a size limit and typed errors for bodies that are
 * no update (grammY's own "hono" adapter has neither).
 */
function honoAdapter(c: Context) {
  let answer: (response: Response) => void = () => {};
  const handlerReturn = new Promise<Response>((resolve) => {
    answer = resolve;
  });
  return {
    // A getter: webhookCallback reads the body only after the secret matched.
    get update() {
      return readUpdate(c.req.raw);
    },
    header: c.req.header(SECRET_HEADER),
    end: () => answer(c.body(null, 200)),
    respond: (json: string) => answer(c.body(json, 200, { "content-type": "application/json" })),
    unauthorized: () => answer(c.json({ error: "unauthorized" }, 401)),
    handlerReturn,
  };
}

async function readUpdate(request: Request): Promise<Update> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader?.cancel().catch(() => undefined);
      throw new WebhookBodyError(413, "body too large");
    }
    chunks.push(chunk.value);
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
