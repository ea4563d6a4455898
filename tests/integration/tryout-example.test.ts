import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCampaignContext } from "../../src/chat/campaign-context.js";
import type { Database } from "../../src/db/open-database.js";
import { loadExampleCampaign } from "../../src/platforms/web/load-example-campaign.js";
import { scheduledPeriodAt } from "../../src/scheduling/scheduled-period.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const WEDNESDAY = new Date("2026-12-02T06:00:00Z");

describe(`the try-out's example campaign (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database?.close();
  });

  it.each([
    ["zh-CN", "ankang-eco-2022", "examples/ankang-2022-q2.yaml", 2026],
    ["en", "product-2027", "examples/product-team.yaml", 2027],
  ] as const)(
    "%s: loads %s in this year or later, with this week open on a Wednesday",
    async (locale, key, file, year) => {
      const loaded = await loadExampleCampaign({ prisma: database.prisma, locale, now: WEDNESDAY });
      expect(loaded).toEqual({ file, year });
      const campaign = await database.prisma.campaign.findUniqueOrThrow({
        where: { key },
        include: { tasks: { include: { milestones: true } }, deadlines: true, channels: true },
      });
      expect(campaign.year).toBe(year);
      const milestones = campaign.tasks.flatMap((task) => task.milestones);
      expect(milestones.length).toBeGreaterThan(0);
      for (const milestone of milestones) {
        expect(milestone.dueOn.toISOString().slice(0, 4)).toBe(String(year));
      }
      expect(campaign.deadlines.map((d) => d.period)).toEqual(
        expect.arrayContaining([`${year}Q2`]),
      );
      expect(campaign.channels).toEqual([]);
      expect(await database.prisma.chatIdentity.count()).toBe(0);

      const context = await database.prisma.$transaction((tx) =>
        loadCampaignContext(tx, campaign.id),
      );
      const period = scheduledPeriodAt({ now: WEDNESDAY, ...context });
      expect(period.week.id).toBe("2026-W49");
      expect(period.closesAt.getTime()).toBeGreaterThan(WEDNESDAY.getTime());
      // Sunday 20:00 where the campaign is, as the start says, not moved for the day off.
      const closes = new Intl.DateTimeFormat("en", {
        timeZone: context.timeZone,
        weekday: "long",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(period.closesAt);
      expect(closes).toBe("Sunday 20:00");
    },
  );
});
