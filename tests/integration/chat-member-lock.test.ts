import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { loadChatSession } from "../../src/chat/chat-session.js";
import type { Incoming } from "../../src/core/incoming.js";
import type { Database } from "../../src/db/open-database.js";
import { MINIMAL } from "../fixtures/campaigns/bad-cases.js";
import {
  loadCampaignFile,
  parseCampaignText,
  REFERENCE_EXAMPLE,
} from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
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

/**
 * The lock statement also reads the open conversation, from a snapshot taken before it waited
 * for the lock: a step that waited must not build on what the step before it changed.
 */
describe.skipIf(TEST_DATABASE_KIND !== "postgres")(
  "a step that waited for the member's lock",
  () => {
    // Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 of the reference campaign is open.
    const FRIDAY = new Date("2022-06-10T02:00:00Z");
    const ZHANG_WEI = "512340021";
    let database: Database;
    beforeAll(async () => {
      database = await createTestDatabase();
      await importCampaign({
        prisma: database.prisma,
        file: loadCampaignFile(REFERENCE_EXAMPLE),
        dryRun: false,
      });
    });
    afterAll(async () => {
      await database?.close();
    });

    it("reads the conversation again when the step before closed it", async () => {
      const zhang = new ChatDriver({
        prisma: database.prisma,
        userId: ZHANG_WEI,
        now: () => FRIDAY,
      });
      await zhang.command("report");
      const open = await database.prisma.conversation.findFirstOrThrow({
        where: { closedAt: null, identity: { externalId: ZHANG_WEI } },
      });
      let holding: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        holding = resolve;
      });
      // Another step of the member holds the lock, and closes the conversation (a /cancel).
      const other = database.prisma.$transaction(
        async (tx) => {
          await loadChatSession(tx, incoming("telegram", ZHANG_WEI), FRIDAY);
          holding();
          await sleep(1_000);
          await tx.conversation.update({
            where: { id: open.id },
            data: { closedAt: FRIDAY, closeReason: "paused" },
          });
        },
        { timeout: 30_000 },
      );
      await held;
      await zhang.send("开展秸秆禁烧巡查暗访");
      await other;
      expect(zhang.text()).toContain("当前没有进行中的填报");
      const after = await database.prisma.conversation.findUniqueOrThrow({
        where: { id: open.id },
      });
      expect(after.version).toBe(open.version);
      expect(after.answers).toEqual(open.answers);
    });
  },
);
