import type { PrismaClient } from "../../generated/prisma/client.js";
import type { TelegramButtonRow, TelegramButtonStore } from "./telegram-button-store.js";

/**
 * The button store in the `TelegramButtonData` table. Saving data again moves its `sentAt`
 * to now, so the housekeeping job's 90 days count from the latest message showing it.
 *
 * `now` is the bot's clock (a simulated one in trials), the one the housekeeping job counts by.
 *
 * @example
 * const gateway = new TelegramGateway({ api, buttonStore: createPrismaTelegramButtonStore(prisma) });
 */
export function createPrismaTelegramButtonStore(
  prisma: PrismaClient,
  now: () => Date = () => new Date(),
): TelegramButtonStore {
  return {
    async save(rows: readonly TelegramButtonRow[]) {
      if (rows.length === 0) return;
      // Refresh, then insert: a row the housekeeping deletes in between is inserted again. The
      // other order could lose one: the insert skips the old row, the housekeeping deletes
      // it, and the refresh then finds nothing.
      await prisma.telegramButtonData.updateMany({
        where: { key: { in: rows.map((row) => row.key) } },
        data: { sentAt: now() },
      });
      await prisma.telegramButtonData.createMany({
        data: rows.map(({ key, data }) => ({ key, data, sentAt: now() })),
        skipDuplicates: true,
      });
    },
    async resolve(key: string) {
      const row = await prisma.telegramButtonData.findUnique({
        where: { key },
        select: { data: true },
      });
      return row?.data;
    },
  };
}
