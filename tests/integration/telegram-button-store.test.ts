import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/open-database.js";
import { buttonKeyOf } from "../../src/platforms/telegram/callback-data.js";
import { createPrismaTelegramButtonStore } from "../../src/platforms/telegram/prisma-telegram-button-store.js";
import type { TelegramButtonStore } from "../../src/platforms/telegram/telegram-button-store.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const row = (data: string) => ({ key: buttonKeyOf(data), data });

describe(`the Telegram button store in the database (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let store: TelegramButtonStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createPrismaTelegramButtonStore(database.prisma);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("keeps each row under its key and gives the data back whole", async () => {
    const long = row(`lc|${"a".repeat(1997)}`);
    const chinese = row("任务".repeat(150));
    await store.save([long, chinese]);
    expect(await store.resolve(long.key)).toBe(long.data);
    expect(await store.resolve(chinese.key)).toBe(chinese.data);
    expect(await store.resolve(buttonKeyOf("never saved"))).toBeUndefined();
  });

  it("saves the same data again without error, once, with its sentAt moved to now", async () => {
    const again = row("r".repeat(300));
    const old = new Date("2022-01-01T00:00:00Z");
    await database.prisma.telegramButtonData.create({ data: { ...again, sentAt: old } });
    await store.save([again, again]);
    await Promise.all([store.save([again]), store.save([again, row("s".repeat(300))])]);
    const rows = await database.prisma.telegramButtonData.findMany({ where: { key: again.key } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data).toBe(again.data);
    expect(rows[0]?.sentAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await store.resolve(buttonKeyOf("s".repeat(300)))).toBe("s".repeat(300));
  });

  it("dates rows by the bot's clock, the one the housekeeping counts by", async () => {
    const at = new Date("2022-06-10T01:00:00Z");
    const simulated = createPrismaTelegramButtonStore(database.prisma, () => at);
    const dated = row("t".repeat(300));
    await simulated.save([dated]);
    const stored = await database.prisma.telegramButtonData.findUnique({
      where: { key: dated.key },
    });
    expect(stored?.sentAt).toEqual(at);
  });

  it("does nothing for no rows", async () => {
    const before = await database.prisma.telegramButtonData.count();
    await store.save([]);
    expect(await database.prisma.telegramButtonData.count()).toBe(before);
  });
});
