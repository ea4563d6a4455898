import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import type { Incoming } from "../../src/core/incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { runDueJobs } from "../../src/scheduling/run-due-jobs.js";
import { loadCampaignFile } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const CAMPAIGN = join(import.meta.dirname, "../fixtures/campaigns/mixed-prefer.yaml");
// Friday 2027-03-05 in London (UTC in winter): the prompt at 09:00, the reminder at 16:00.
const PROMPT_AT = new Date("2027-03-05T09:00:00Z");
const REMIND_AT = new Date("2027-03-05T16:00:00Z");
const HOUR = 3_600_000;

/**
 * Cara and Eve are bound on Telegram and Slack and both wrote on Slack last. Cara's campaign
 * file says `prefer: telegram`, so the prompt round reaches her there; Eve's says nothing, so
 * she is reached on Slack. When Telegram refuses Cara, the reminder falls back to Slack.
 */
describe(`a member bound on both platforms is reached where the file prefers (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let update = 0;

  /** The person writes `help` to the bot in a private chat, at `at`. */
  const write = async (
    person: { platform: "telegram" | "slack"; userId: string; chatId: string },
    at: Date,
  ) => {
    const handler = createIncomingHandler({ prisma: database.prisma, logger, now: () => at });
    update += 1;
    const incoming: Incoming = {
      platform: person.platform,
      updateKey: `prefer-${update}`,
      receivedAt: at,
      user: { externalId: person.userId },
      chat: { id: person.chatId, kind: "private" },
      content: { kind: "text", text: "help" },
    };
    await handler(incoming);
  };
  const tick = (now: Date) =>
    runDueJobs({
      prisma: database.prisma,
      now,
      instanceId: "test",
      logger,
      since: new Date(now.getTime() - 60_000),
    });
  const queued = async (prefix: string) =>
    (
      await database.prisma.outboxMessage.findMany({
        where: { idempotencyKey: { startsWith: prefix } },
        orderBy: { idempotencyKey: "asc" },
      })
    ).map((row) => ({
      // `<cause>:<member>#<part>`
      member: row.idempotencyKey.split("#")[0]?.split(":").at(-1),
      platform: row.platform,
      recipient: row.recipient,
    }));

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(CAMPAIGN) });
    // Each first wrote on Telegram, then, later, on Slack: Slack is the account used last.
    for (const [telegram, slack] of [
      ["2002", "U0CARADIA2"],
      ["2004", "U0EVEMOSS4"],
    ] as const) {
      const early = new Date(PROMPT_AT.getTime() - 3 * HOUR);
      const late = new Date(PROMPT_AT.getTime() - HOUR);
      await write({ platform: "telegram", userId: telegram, chatId: telegram }, early);
      await write({ platform: "slack", userId: slack, chatId: `D${slack.slice(1)}` }, late);
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it("prompts Cara on Telegram as preferred, and Eve on Slack where she wrote last", async () => {
    const seen = await database.prisma.chatIdentity.findMany({
      where: { member: { key: { in: ["cara", "eve"] } } },
      orderBy: { lastSeenAt: "desc" },
      select: { platform: true, member: { select: { key: true } } },
    });
    expect(seen.slice(0, 2).map((identity) => identity.platform)).toEqual(["slack", "slack"]);

    const summary = await tick(PROMPT_AT);
    expect(summary.ran.map((run) => run.job)).toContain("prompt");
    expect(await queued("prompt:mixed-prefer:2027-W09:")).toEqual([
      { member: "cara", platform: "telegram", recipient: "2002" },
      { member: "eve", platform: "slack", recipient: "D0EVEMOSS4" },
    ]);
  });

  it("reminds Cara on Slack once Telegram refused her, and still Eve on Slack", async () => {
    await database.prisma.chatIdentity.update({
      where: { platform_externalId: { platform: "telegram", externalId: "2002" } },
      data: {
        unreachableAt: PROMPT_AT,
        unreachableReason: "Forbidden: bot was blocked by the user",
      },
    });
    const summary = await tick(REMIND_AT);
    expect(summary.ran.map((run) => run.job)).toContain("remind");
    expect(await queued("remind:mixed-prefer:2027-W09:")).toEqual([
      { member: "cara", platform: "slack", recipient: "D0CARADIA2" },
      { member: "eve", platform: "slack", recipient: "D0EVEMOSS4" },
    ]);
  });
});
