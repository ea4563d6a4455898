import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { loadChatSession } from "../../src/chat/chat-session.js";
import type { Incoming } from "../../src/core/incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { MINIMAL } from "../fixtures/campaigns/bad-cases.js";
import { parseCampaignText } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const HOLD_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function incoming(platform: "telegram" | "slack", externalId: string): Incoming {
  return {
    platform,
    updateKey: `${platform}-${externalId}-${Math.random()}`,
    receivedAt: new Date(),
    user: { externalId },
    chat: { id: externalId, kind: "private" },
    content: { kind: "text", text: "hi" },
  };
}

/**
 * One person's messages are handled one at a time across their chat accounts: a member bound
 * on Telegram and on Slack waits on one lock (their member row), while another person does
 * not wait. Concurrent transactions need a server: PGlite runs one at a time anyway.
 */
describe.skipIf(TEST_DATABASE_KIND !== "postgres")("one lock per member, across platforms", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({
      prisma: database.prisma,
      file: parseCampaignText(MINIMAL),
      dryRun: false,
    });
    const member = await database.prisma.member.findUniqueOrThrow({ where: { key: "zhang-san" } });
    await database.prisma.chatIdentity.create({
      data: { platform: "slack", externalId: "U0ZHANGSAN", memberId: member.id },
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("makes the member's second account wait for the first, and nobody else", async () => {
    const events: string[] = [];
    let holding: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const first = database.prisma.$transaction(
      async (tx) => {
        await loadChatSession(tx, incoming("telegram", "1001"), new Date());
        holding();
        await sleep(HOLD_MS);
        events.push("telegram done");
      },
      { timeout: 30_000 },
    );
    await held;
    const sameMember = database.prisma.$transaction(
      async (tx) => {
        const session = await loadChatSession(tx, incoming("slack", "U0ZHANGSAN"), new Date());
        events.push(`slack loaded ${session.member?.key}`);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    const otherMember = database.prisma.$transaction(
      async (tx) => {
        const session = await loadChatSession(tx, incoming("telegram", "1002"), new Date());
        events.push(`other loaded ${session.member?.key}`);
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    await Promise.all([first, sameMember, otherMember]);
    expect(events).toEqual(["other loaded li-si", "telegram done", "slack loaded zhang-san"]);
  });
});
