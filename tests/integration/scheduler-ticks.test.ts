import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { runDueJobs } from "../../src/scheduling/run-due-jobs.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const HOUR = 3_600_000;

describe(`scheduler ticks: catch-up, missed runs, several instances (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  const tick = (now: Date, since: Date | undefined, instanceId = "a") =>
    runDueJobs({ prisma: database.prisma, now, instanceId, logger, ...(since ? { since } : {}) });
  const runs = () =>
    database.prisma.jobRun.findMany({ orderBy: [{ scheduledFor: "asc" }, { job: "asc" }] });

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
    // The import is "now" (2026); the ticks below are in 2022, as a simulated clock shows.
  });
  afterAll(async () => {
    await database?.close();
  });

  it("catches up a prompt missed by a short downtime, within its grace window", async () => {
    // Down from Friday 2022-06-10 08:00 to 11:00 Shanghai: the 09:00 prompt is 2 hours late.
    const summary = await tick(new Date("2022-06-10T03:00:00Z"), new Date("2022-06-10T00:00:00Z"));
    expect(summary.ran.map((run) => run.job)).toEqual(
      expect.arrayContaining(["prompt", "deadline"]),
    );
    expect(summary.missed).toEqual([]);
    const prompt = (await runs()).find((run) => run.job === "prompt");
    expect(prompt?.state).toBe("done");
    // The next tick plans the same window again and fires nothing twice.
    const again = await tick(new Date("2022-06-10T03:01:00Z"), new Date("2022-06-10T03:00:00Z"));
    expect(again.ran).toEqual([]);
  });

  it("records a run older than its grace as missed, and tells the admins once", async () => {
    // Down from Friday 12:00 to Saturday 06:00: the 16:00 reminder is 14 hours late.
    const summary = await tick(new Date("2022-06-10T22:00:00Z"), new Date("2022-06-10T04:00:00Z"));
    expect(summary.missed.map((run) => run.job)).toEqual(["remind"]);
    const missed = (await runs()).filter((run) => run.state === "missed");
    expect(missed.map((run) => run.job)).toEqual(["remind"]);
    const notices = await database.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: "admin:ankang-eco-2022:missed:remind:" } },
    });
    expect(notices.map((notice) => notice.recipient)).toEqual(["512340010"]); // 赵敏, the admin
    expect(JSON.stringify(notices[0]?.payload)).toContain("催报提醒");
    const again = await tick(new Date("2022-06-10T22:01:00Z"), new Date("2022-06-10T04:00:00Z"));
    expect(again.missed).toEqual([]);
  });

  it("fires each run once when two instances tick at the same moment", async () => {
    // Monday 2022-06-13 12:00 close and 14:00 digest, seen by two instances at once.
    const now = new Date("2022-06-13T06:30:00Z");
    const since = new Date(now.getTime() - 3 * HOUR);
    const [first, second] = await Promise.all([tick(now, since, "a"), tick(now, since, "b")]);
    const fired = [...(first?.ran ?? []), ...(second?.ran ?? [])].map((run) => run.job).sort();
    expect(fired).toEqual(["close", "digest"]);
    const escalations = await database.prisma.outboxMessage.count({
      where: { idempotencyKey: { startsWith: "close:ankang-eco-2022:2022-W23:" } },
    });
    expect(escalations).toBe(1);
  });
});
