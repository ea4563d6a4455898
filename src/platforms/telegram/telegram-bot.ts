import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, BotError, type Context } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Hono } from "hono";
import { type Incoming, LEADER_COMMANDS, STAFF_COMMANDS } from "../../core/incoming.js";
import type { Locale } from "../../i18n/locales.js";
import { t } from "../../i18n/translate.js";
import type { Logger } from "../../logger.js";
import { type TelegramButtonStore, withStoredButtonData } from "./telegram-button-store.js";
import { describeTelegramError } from "./telegram-gateway.js";
import {
  ALLOWED_UPDATES,
  createTelegramWebhook,
  type GrammySignal,
  type TelegramWebhook,
} from "./telegram-webhook.js";
import { toIncoming } from "./to-incoming.js";

/** What `createTelegramBot` needs: the token and where the Bot API is, the core, a logger. */
export interface TelegramBotOptions {
  token: string;
  /** Bot API root (a local Bot API server, or the emulator in tests). */
  apiRoot?: string;
  /** The core (`IncomingHandler`); Telegram never asks for a direct answer, so it ignores one. */
  handleIncoming: (incoming: Incoming) => Promise<unknown>;
  logger: Logger;
  /** Webhook mode instead of long polling (`TELEGRAM_WEBHOOK_URL`, `…_SECRET`). */
  webhook?: { url: string; secret?: string };
  /** Command descriptions; defaults to the prompt catalogs (`telegram.commands.*`). */
  translate?: (locale: Locale, key: string) => string;
  /** Called when long polling ends on its own (token revoked, another instance polling). */
  onFatalError?: (error: unknown) => void;
  /**
   * The chats whose menu also lists the leaders' commands: leaders' private chats (staff and
   * leader commands, in their language) and leadership groups (the leaders' commands).
   */
  leaderChats?: () => Promise<LeaderMenuChat[]>;
  /** Where the gateway keeps button data over 64 bytes: a tapped key is looked up here. */
  buttonStore?: TelegramButtonStore;
}

/** The leaders' commands in a leadership group's menu: not `/dashboard`, whose link is personal. */
const GROUP_COMMANDS = LEADER_COMMANDS.filter((name) => name !== "dashboard");

/** A chat that gets the leaders' command menu (`BotCommandScopeChat`). */
export interface LeaderMenuChat {
  chatId: string;
  locale: Locale;
  kind: "private" | "group";
}

/** A running (or startable) Telegram adapter. */
export interface TelegramBot {
  bot: Bot;
  /**
   * Long polling: resolves once polling runs, rejects if it cannot start (a wrong token);
   * while Telegram is unreachable it keeps trying. Webhook mode: initialises the bot and
   * registers the webhook, rejecting if that fails. Both then publish the command menu in
   * the background (failures are logged).
   */
  start(): Promise<void>;
  /** Stops polling (or refuses new webhook updates) and waits for the update in hand. */
  stop(): Promise<void>;
  /** Publishes the command menus again (leaders may have changed); after `start` only. */
  republishCommands(): Promise<void>;
  /** Webhook mode only: the webhook's route, a sub-app to mount on the HTTP server. */
  webhookRoutes?: Hono;
}

/**
 * The Telegram adapter's inbound half: one grammY bot whose single middleware turns each
 * update into an `Incoming` and awaits `handleIncoming`, one update at a time, in order.
 * Callback queries are answered at once (before handling) and, once handled, the tapped
 * message loses its keyboard; a tapped key (button data too long for Telegram, see
 * `TelegramGateway`) is replaced by its data from `buttonStore` first. The API retries 429s
 * of up to 10 s and 5xx three times (auto-retry); network errors are left to the caller.
 * Every error reaches one sink that logs its kind (Bot API method and code, network, or
 * handler) with the update id, never the message text; a handler error never stops the bot.
 *
 * @example
 * const telegram = createTelegramBot({ token, handleIncoming, logger, buttonStore });
 * await telegram.start();
 * const gateway = new TelegramGateway({ api: telegram.bot.api, logger, buttonStore });
 */
export function createTelegramBot(options: TelegramBotOptions): TelegramBot {
  const { logger, handleIncoming } = options;
  const translate = options.translate ?? t;
  const bot = new Bot(
    options.token,
    options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {},
  );
  bot.api.config.use(
    autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 10, rethrowHttpErrors: true }),
  );

  bot.use(async (ctx) => {
    const updateId = ctx.update.update_id;
    const query = ctx.callbackQuery;
    if (query) {
      await ctx.answerCallbackQuery().catch((error: unknown) => {
        logger.warn(
          { updateId, ...describeTelegramError(error) },
          "telegram callback answer failed",
        );
      });
    }
    const update = toIncoming(ctx.update, { botUsername: ctx.me.username });
    if (!update) {
      logger.debug({ updateId, fields: Object.keys(ctx.update) }, "telegram update ignored");
      return;
    }
    const incoming = await withStoredButtonData(update, options.buttonStore);
    logger.debug(
      { updateId, kind: incoming.content.kind, chatId: incoming.chat.id },
      "telegram update",
    );
    await handleIncoming(incoming);
    if (query) await removeKeyboard(ctx, updateId);
  });

  const reportError = (error: unknown): void => {
    const updateId = error instanceof BotError ? error.ctx.update.update_id : undefined;
    logger.error({ updateId, ...describeTelegramError(error) }, "telegram update failed");
  };
  bot.catch(reportError);

  const removeKeyboard = async (ctx: Context, updateId: number): Promise<void> => {
    const message = ctx.callbackQuery?.message;
    if (!message || message.date === 0) return; // inaccessible: too old to edit
    await ctx.api
      .editMessageReplyMarkup(message.chat.id, message.message_id)
      .catch((error: unknown) => {
        // "message is not modified" (no keyboard left) and the like: the tap is handled anyway.
        logger.debug({ updateId, ...describeTelegramError(error) }, "telegram keyboard kept");
      });
  };

  const webhook: TelegramWebhook | undefined = options.webhook
    ? createTelegramWebhook({
        bot,
        url: options.webhook.url,
        ...(options.webhook.secret ? { secret: options.webhook.secret } : {}),
        logger,
        onError: reportError,
      })
    : undefined;

  let lifecycle = new AbortController();
  let polling: Promise<void> | undefined;
  let publishing: Promise<void> | undefined;
  let stopping = false;

  const menu = (locale: Locale, names: readonly string[]): BotCommand[] =>
    names.map((command) => ({
      command,
      description: translate(locale, `telegram.commands.${command}`),
    }));
  const publishCommands = async (signal: GrammySignal): Promise<void> => {
    const scope = { type: "all_private_chats" } as const;
    for (const locale of ["zh-CN", "en"] as const) {
      const other = locale === "en" ? { scope, language_code: "en" as const } : { scope };
      await bot.api
        .setMyCommands(menu(locale, STAFF_COMMANDS), other, signal)
        .catch((error: unknown) => {
          logger.warn({ locale, ...describeTelegramError(error) }, "telegram setMyCommands failed");
        });
    }
    // Leaders see their own commands in the menu of their chats; one failure stops nothing.
    const chats = await (options.leaderChats?.() ?? Promise.resolve([])).catch((error: unknown) => {
      logger.warn({ err: error }, "leaders' chats for the command menu not read");
      return [];
    });
    for (const chat of chats) {
      if (signal?.aborted) return;
      const names =
        chat.kind === "private" ? [...STAFF_COMMANDS, ...LEADER_COMMANDS] : GROUP_COMMANDS;
      const chatScope = { type: "chat", chat_id: Number(chat.chatId) } as const;
      await bot.api
        .setMyCommands(menu(chat.locale, names), { scope: chatScope }, signal)
        .catch((error: unknown) => {
          logger.warn(
            { chatId: chat.chatId, ...describeTelegramError(error) },
            "telegram setMyCommands for a leader's chat failed",
          );
        });
    }
  };

  const startPolling = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let started = false;
      polling = bot
        .start({
          drop_pending_updates: false,
          allowed_updates: [...ALLOWED_UPDATES],
          onStart: (me) => {
            started = true;
            logger.info({ botId: me.id, username: me.username }, "telegram polling started");
            resolve();
          },
        })
        .then(
          () => resolve(), // stopped before it started
          (error: unknown) => {
            if (stopping) return resolve();
            if (!started) return reject(error);
            logger.error(describeTelegramError(error), "telegram polling stopped");
            options.onFatalError?.(error);
          },
        );
    });

  return {
    bot,
    ...(webhook ? { webhookRoutes: webhook.routes } : {}),
    async start() {
      if (polling && bot.isRunning()) return;
      stopping = false;
      lifecycle = new AbortController();
      const signal = lifecycle.signal as GrammySignal;
      try {
        // getMe, retried while Telegram is unreachable; stop() aborts it (bot.start's cannot).
        await bot.init(signal);
      } catch (error: unknown) {
        if (stopping) return;
        throw error;
      }
      if (webhook) await webhook.register(signal);
      else await startPolling();
      publishing = publishCommands(signal);
    },
    async stop() {
      stopping = true;
      lifecycle.abort();
      await webhook?.close();
      if (polling) {
        if (bot.isRunning()) {
          await bot.stop().catch((error: unknown) => {
            logger.debug(describeTelegramError(error), "telegram offset not confirmed");
          });
        }
        await polling;
        polling = undefined;
      }
      await publishing;
      logger.info("telegram stopped");
    },
    async republishCommands() {
      if (stopping || !bot.isInited()) return;
      // One publication at a time: the newest leaders' list is the one that stays.
      const previous = publishing;
      const next = (async () => {
        await previous;
        if (!stopping) await publishCommands(lifecycle.signal as GrammySignal);
      })();
      publishing = next;
      await next;
    },
  };
}
