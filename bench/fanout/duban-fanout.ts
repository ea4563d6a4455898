import { pino } from "pino";
import { textMessage } from "../../src/core/reply.js";
import { type Database, openDatabase } from "../../src/db/open-database.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { createTelegramBot } from "../../src/platforms/telegram/telegram-bot.js";
import { TelegramGateway } from "../../src/platforms/telegram/telegram-gateway.js";
import { createScratchDatabase } from "../../tests/support/scratch-postgres.js";
import { openTemplatePglite, pgliteTemplate } from "../inbound/bench-database.js";
import { type FakeTelegram, type FanoutResult, fanoutFigures } from "./fanout-figures.js";

/** The text of message `index`, which says which it is (duplicates and losses are counted). */
export const fanoutText = (index: number) => `本周进展填报提醒 #${index}`;

/**
 * duban's side: `messages` outbox rows to distinct chats, queued as the scheduler queues a
 * weekly prompt, then the real dispatcher and TelegramGateway on grammY's `bot.api` (with the
 * adapter's auto-retry) with Telegram's global limit set to `limit`. Wall time runs from the
 * dispatcher's start to the last message the fake accepted.
 */
export async function runDubanFanout(options: {
  messages: number;
  limit: number;
  database: "pglite" | "postgres";
  telegram: FakeTelegram;
}): Promise<FanoutResult> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? "error" });
  const pglite =
    options.database === "pglite"
      ? await openTemplatePglite(await pgliteTemplate(), "dir")
      : undefined;
  const scratch = pglite ? undefined : await createScratchDatabase("duban_bench_fanout");
  let database: Database | undefined;
  try {
    database = await openDatabase(
      pglite
        ? { target: { kind: "pglite", dataDir: pglite.dataDir }, pglite: pglite.pglite }
        : { target: { kind: "postgres", url: scratch?.url ?? "" } },
    );
    const { prisma } = database;
    for (let from = 0; from < options.messages; from += 1000) {
      const rows: Prisma.OutboxMessageCreateManyInput[] = [];
      for (let index = from; index < Math.min(from + 1000, options.messages); index++) {
        rows.push({
          idempotencyKey: `prompt:bench:2026-W49:member-${index}#000`,
          platform: "telegram",
          recipient: String(100_000 + index),
          payload: textMessage(fanoutText(index)) as unknown as Prisma.InputJsonValue,
        });
      }
      await prisma.outboxMessage.createMany({ data: rows });
    }
    const telegram = createTelegramBot({
      token: "42:duban",
      apiRoot: options.telegram.apiRoot,
      handleIncoming: async () => {},
      logger,
    });
    const gateway = new TelegramGateway({
      api: telegram.bot.api,
      logger,
      limits: { perSecond: options.limit },
    });
    const startedAt = performance.timeOrigin + performance.now();
    const dispatcher = createOutboxDispatcher({ prisma, gateways: [gateway], logger });
    // A message the platform refused past auto-retry's patience waits for its retry time.
    let stillDue = options.messages;
    for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
      await dispatcher.drain();
      stillDue = await prisma.outboxMessage.count({ where: { state: { not: "sent" } } });
      if (stillDue === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await dispatcher.stop();
    const figures = await fanoutFigures(options.telegram, {
      side: "duban",
      messages: options.messages,
      startedAt,
      text: fanoutText,
    });
    return { ...figures, notes: stillDue > 0 ? `${stillDue} rows not sent` : "" };
  } finally {
    await database?.close();
    await pglite?.close();
    await scratch?.drop();
  }
}
