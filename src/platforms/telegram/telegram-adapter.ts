import type { IncomingHandler } from "../../core/incoming.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Logger } from "../../logger.js";
import { telegramLeaderChats } from "../leader-chats.js";
import type { PlatformAdapter } from "../platform-adapter.js";
import { createPrismaTelegramButtonStore } from "./prisma-telegram-button-store.js";
import { createTelegramBot, type TelegramBot } from "./telegram-bot.js";
import { TelegramGateway } from "./telegram-gateway.js";

/** The Telegram adapter: grammY's bot inbound, `TelegramGateway` for the outbox. */
export function createTelegramAdapter(options: {
  token: string;
  apiRoot?: string;
  webhook?: { url: string; secret?: string };
  handleIncoming: IncomingHandler;
  prisma: PrismaClient;
  logger: Logger;
  onFatalError: (error: unknown) => void;
  /** The bot's clock (a simulated one in trials): dates the stored button data. */
  now?: () => Date;
}): PlatformAdapter & { bot: TelegramBot } {
  const { logger, prisma } = options;
  // Shared by both halves: the gateway saves long button data, the bot resolves the taps.
  const buttonStore = createPrismaTelegramButtonStore(prisma, options.now);
  const bot = createTelegramBot({
    token: options.token,
    ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
    ...(options.webhook ? { webhook: options.webhook } : {}),
    handleIncoming: options.handleIncoming,
    logger,
    onFatalError: options.onFatalError,
    leaderChats: () => telegramLeaderChats(prisma),
    buttonStore,
  });
  return {
    platform: "telegram",
    bot,
    gateway: new TelegramGateway({ api: bot.bot.api, logger, buttonStore }),
    routes: bot.webhookRoutes,
    start: () => bot.start(),
    stop: () => bot.stop(),
    campaignChanged: () => bot.republishCommands(),
  };
}
