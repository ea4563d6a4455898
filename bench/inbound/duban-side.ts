import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import { type Database, openDatabase } from "../../src/db/open-database.js";
import {
  createOutboxDispatcher,
  type OutboxDispatcher,
} from "../../src/outbox/outbox-dispatcher.js";
import { createTelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { BENCH_NOW, type BenchMember, benchCampaign } from "./bench-campaign.js";
import { openTemplatePglite, type RunDatabase } from "./bench-database.js";
import { BENCH_TOKEN, FakeBotApi } from "./fake-bot-api.js";
import { benchLogger, type SideUnderTest } from "./side-under-test.js";

/** No global limit, and no per-chat pace worth the name. */
const UNPACED = { perSecond: 0, privateChatIntervalMs: 0, privateChatBurst: 1000 };

/**
 * duban as `duban start` wires it (`createPlatforms`): grammY bot from `createTelegramBot`,
 * `createIncomingHandler` on the database, the outbox dispatcher nudged after each commit,
 * and a `TelegramGateway` on `bot.api`, whose Bot API calls the fake answers through a
 * transformer. The handler's clock is fixed in the campaign's reporting week; the outbox
 * runs on the real clock.
 *
 * Unless `paced`, the gateway is given no sending limits (as the web chat's): the baseline
 * sends as fast as grammY lets it and the fake Bot API enforces nothing, so Telegram's
 * per-chat pace (a burst of 3, then one a second) and 30 a second overall would measure the
 * pacer, not the inbound path. With `paced` they are Telegram's defaults.
 */
export async function startDubanSide(options: {
  db: RunDatabase;
  members: BenchMember[];
  paced: boolean;
}): Promise<SideUnderTest> {
  const { logger, errors } = benchLogger();
  const pglite =
    options.db.kind === "pglite"
      ? await openTemplatePglite(options.db.template, options.db.storage)
      : undefined;
  let database: Database | undefined;
  let dispatcher: OutboxDispatcher | undefined;
  try {
    database = await openDatabase(
      pglite
        ? { target: { kind: "pglite", dataDir: pglite.dataDir }, pglite: pglite.pglite }
        : { target: { kind: "postgres", url: (options.db as { url: string }).url } },
    );
    const { prisma } = database;
    await importCampaign({ prisma, file: benchCampaign(options.members), actor: "bench" });

    const api = new FakeBotApi();
    const handleIncoming = createIncomingHandler({
      prisma,
      logger,
      now: () => BENCH_NOW,
      onQueued: () => dispatcher?.nudge(),
      handoff: {
        takeClaim: (platform) => dispatcher?.takeClaim(platform),
        adopt: (platform, claim, rows) => dispatcher?.adopt(platform, claim, rows),
      },
    });
    const telegram = createTelegramBot({ token: BENCH_TOKEN, handleIncoming, logger });
    telegram.bot.api.config.use(api.transformer);
    await telegram.bot.init();
    const gateway = new TelegramGateway({
      api: telegram.bot.api,
      logger,
      ...(options.paced ? {} : { limits: UNPACED }),
    });
    dispatcher = createOutboxDispatcher({ prisma, gateways: [gateway], logger });
    const opened = database;
    const running = dispatcher;

    return {
      api,
      handleUpdate: (update) => telegram.bot.handleUpdate(update),
      botErrors: () => errors,
      async settle() {
        await running.drain();
        const [reports, metricValues, undelivered, largest] = await Promise.all([
          prisma.report.count({ where: { state: "submitted" } }),
          prisma.metricValue.count(),
          prisma.outboxMessage.count({ where: { state: { not: "sent" } } }),
          prisma.$queryRaw<{ bytes: number | null }[]>`
            SELECT max(octet_length("answers"::text))::int AS bytes FROM "Conversation"`,
        ]);
        const largestStateBytes = largest[0]?.bytes ?? 0;
        return { reports, metricValues, undelivered, largestStateBytes };
      },
      async close() {
        await running.stop();
        await opened.close();
        await pglite?.close();
      },
    };
  } catch (error: unknown) {
    await dispatcher?.stop();
    await database?.close();
    await pglite?.close();
    throw error;
  }
}
