import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { loadCampaignContext } from "../../src/chat/campaign-context.js";
import { loadChatSession } from "../../src/chat/chat-session.js";
import type { Incoming } from "../../src/core/incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { MINIMAL } from "../fixtures/campaigns/bad-cases.js";
import { parseCampaignText } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const incoming: Incoming = {
  platform: "telegram",
  updateKey: "cache-check",
  receivedAt: new Date(),
  user: { externalId: "1001" },
  chat: { id: "1001", kind: "private" },
  content: { kind: "text", text: "hi" },
};

/**
 * The campaign context is reused only while the rows it was built from are unchanged: the
 * member's lock query reads each campaign's stamp from the database, so a change written by
 * anyone else (an import on the command line, another instance, a plain SQL edit of the
 * calendar) is seen by the next update.
 */
describe(`campaign context cache (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let campaignId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({
      prisma: database.prisma,
      file: parseCampaignText(MINIMAL),
      dryRun: false,
    });
    campaignId = (
      await database.prisma.campaign.findUniqueOrThrow({ where: { key: "test-campaign" } })
    ).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  const contextNow = () =>
    database.prisma.$transaction(async (tx) => {
      const session = await loadChatSession(tx, incoming, new Date());
      const stamp = session.campaignStamps?.get(campaignId);
      return { stamp, context: await loadCampaignContext(tx, campaignId, { stamp }) };
    });

  it("reuses the context while the stamp holds, and reloads after a calendar-only import or edit", async () => {
    const first = await contextNow();
    expect(first.stamp).toMatch(/^[0-9a-f]{32}$/);
    const second = await contextNow();
    expect(second.stamp).toBe(first.stamp);
    expect(second.context).toBe(first.context);
    expect(first.context.calendar.isWorkday("2022-06-08")).toBe(true);

    // An import that changes only the calendar (the campaign row itself stays as it was).
    const updatedAt = async () =>
      (await database.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } })).updatedAt;
    const before = await updatedAt();
    await importCampaign({
      prisma: database.prisma,
      file: parseCampaignText(`${MINIMAL}holidays:\n  extra:\n    - { date: "2022-06-08" }\n`),
      dryRun: false,
    });
    expect(await updatedAt()).toEqual(before);
    const third = await contextNow();
    expect(third.stamp).not.toBe(first.stamp);
    expect(third.context.calendar.isWorkday("2022-06-08")).toBe(false);

    // A change by plain SQL, as another process might write it.
    await database.prisma.$executeRaw`
      UPDATE "CalendarDay" SET "kind" = 'workday' WHERE "campaignId" = ${campaignId}::uuid`;
    const fourth = await contextNow();
    expect(fourth.stamp).not.toBe(third.stamp);
    expect(fourth.context.calendar.isWorkday("2022-06-08")).toBe(true);

    // And a change of the campaign row itself.
    await database.prisma.$executeRaw`
      UPDATE "Campaign" SET "timeZone" = 'Asia/Tokyo' WHERE "id" = ${campaignId}::uuid`;
    const fifth = await contextNow();
    expect(fifth.context.timeZone).toBe("Asia/Tokyo");
  });
});
