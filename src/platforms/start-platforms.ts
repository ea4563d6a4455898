import { createIncomingHandler } from "../chat/handle-incoming.js";
import type { Config } from "../config.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { RouteHandler } from "../http/http-server.js";
import type { Logger } from "../logger.js";
import { createAdvisoryLockElection } from "../outbox/advisory-lock-election.js";
import type { ChatGateway } from "../outbox/chat-gateway.js";
import { type DispatcherElection, singleProcessElection } from "../outbox/dispatcher-election.js";
import { createOutboxDispatcher, type OutboxDispatcher } from "../outbox/outbox-dispatcher.js";
import { telegramLeaderChats } from "./leader-chats.js";
import { createTelegramBot, type TelegramBot } from "./telegram/telegram-bot.js";
import { TelegramGateway } from "./telegram/telegram-gateway.js";

/** The configured chat platforms, the core they feed, and the outbox that answers. */
export interface RunningPlatforms {
  routes: RouteHandler[];
  names: string[];
  /** Sends what is due now (after the scheduler queued messages). */
  nudge(): void;
  /** Starts receiving (long polling, or registering the webhook). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Wires each configured platform: its adapter turns updates into `Incoming` for the core,
 * the core queues replies in the outbox, and the dispatcher delivers them through the
 * platform's gateway. On a PostgreSQL server one instance per platform sends, elected by an
 * advisory lock (see README, "Outbox"); the embedded database has one process, which sends.
 * With no platform configured this is empty (local try-out mode).
 */
export function createPlatforms(options: {
  config: Config;
  prisma: PrismaClient;
  logger: Logger;
  /** A platform stopped receiving for good (a revoked token, another instance polling). */
  onFatalError: (error: unknown) => void;
  /** The bot's clock (a simulated one in trials). */
  now?: () => Date;
}): RunningPlatforms {
  const { config, prisma, logger } = options;
  const now = options.now ?? (() => new Date());
  const gateways: ChatGateway[] = [];
  const bots: TelegramBot[] = [];
  let dispatcher: OutboxDispatcher | undefined;
  const handleIncoming = createIncomingHandler({
    prisma,
    logger,
    now,
    onQueued: () => dispatcher?.nudge(),
  });

  if (config.telegram) {
    const telegram = createTelegramBot({
      token: config.telegram.token,
      ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
      ...(config.telegram.webhookUrl
        ? {
            webhook: {
              url: config.telegram.webhookUrl,
              ...(config.telegram.webhookSecret ? { secret: config.telegram.webhookSecret } : {}),
            },
          }
        : {}),
      handleIncoming,
      logger,
      onFatalError: options.onFatalError,
      leaderChats: () => telegramLeaderChats(prisma),
    });
    bots.push(telegram);
    gateways.push(new TelegramGateway({ api: telegram.bot.api, logger }));
  }
  let election: DispatcherElection | undefined;
  if (gateways.length > 0) {
    election =
      config.database.kind === "postgres"
        ? createAdvisoryLockElection({ connectionString: config.database.url, logger })
        : singleProcessElection();
    dispatcher = createOutboxDispatcher({ prisma, gateways, logger, election, now });
  }

  return {
    routes: bots.flatMap((bot) => (bot.webhookHandler ? [bot.webhookHandler] : [])),
    names: gateways.map((gateway) => gateway.platform),
    nudge: () => dispatcher?.nudge(),
    async start() {
      for (const bot of bots) await bot.start();
      dispatcher?.nudge();
    },
    async stop() {
      for (const bot of bots) await bot.stop();
      await dispatcher?.stop();
      await election?.close();
    },
  };
}
