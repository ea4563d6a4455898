import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatSession, loadChatSession } from "../../src/chat/chat-session.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import { NeedsDatabase, NO_DATABASE, quickStepGuardSql } from "../../src/chat/quick-step.js";
import {
  type ConversationStepWrite,
  conversationStepSql,
  type StepRow,
} from "../../src/chat/write-conversation-step.js";
import type { Incoming } from "../../src/core/incoming.js";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import type { RepliesToQueue } from "../../src/outbox/insert-outbox-rows.js";
import { ZReportConversationState } from "../../src/reporting/report-conversation-state.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { referenceReportUnderWay, ZHANG_WEI } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 of the reference campaign is open.
const FRIDAY = new Date("2022-06-10T02:00:00Z");

/**
 * A step worked out from the session a process remembers is written by one statement that
 * first checks, under the locks, that nothing it was worked out from changed: otherwise it
 * writes nothing, and the transaction answers instead.
 */
describe(`a conversation's step in one statement (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let updateId = 50_000;
  const incoming = (text: string, updateKey = String(updateId++)): Incoming => ({
    platform: "telegram",
    updateKey,
    receivedAt: FRIDAY,
    user: { externalId: ZHANG_WEI, displayName: "张伟" },
    chat: { id: ZHANG_WEI, kind: "private" },
    content: { kind: "text", text },
  });
  beforeAll(async () => {
    database = await createTestDatabase();
    const { prisma } = database;
    await referenceReportUnderWay(prisma, FRIDAY);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** The session as the lock statement reads it, and a step from it (one more item). */
  const stepFrom = async (update: Incoming) => {
    const { prisma } = database;
    const session: ChatSession = await prisma.$transaction((tx) =>
      loadChatSession(tx, update, FRIDAY),
    );
    const open = session.openConversation;
    if (!open) throw new Error("no open conversation");
    const state = ZReportConversationState.parse(open.answers);
    const write: ConversationStepWrite = {
      conversationId: open.id,
      version: open.version,
      nextVersion: open.version + 1,
      state,
      mayBeStale: false,
    };
    return { session, write };
  };
  /** Writes `write`, worked out from `session`, as the one-statement step does. */
  const writeGuarded = async (
    session: ChatSession,
    update: Incoming,
    write: ConversationStepWrite,
    replies?: RepliesToQueue,
  ) => {
    const guard = quickStepGuardSql({ ...session, incoming: update }, write);
    if (!guard) throw new Error("no guard for this session");
    const [row] = await database.prisma.$queryRaw<StepRow[]>(
      conversationStepSql({ write, replies, claim: undefined, updatedAt: FRIDAY, guard }),
    );
    return row;
  };
  const run = async (update: Incoming) => {
    const { session, write } = await stepFrom(update);
    const row = await writeGuarded(session, update, write, {
      platform: "telegram",
      recipient: ZHANG_WEI,
      replies: [textMessage(`reply to ${update.updateKey}`)],
      idempotencyKey: `in:telegram:${update.updateKey}`,
      now: FRIDAY,
    });
    return { row, write };
  };
  const version = async () =>
    (await database.prisma.conversation.findFirstOrThrow({ where: { closedAt: null } })).version;
  const recorded = (updateKey: string) =>
    database.prisma.inboundUpdate.count({ where: { platform: "telegram", updateKey } });

  it("writes the step, the update's record and its replies when nothing changed", async () => {
    const before = await version();
    const update = incoming("二是");
    const { row } = await run(update);
    expect(row).toMatchObject({ guarded: 1, recorded: 1, stepped: 1 });
    expect(await version()).toBe(before + 1);
    expect(await recorded(update.updateKey)).toBe(1);
    expect(
      await database.prisma.outboxMessage.count({
        where: { idempotencyKey: `in:telegram:${update.updateKey}#000` },
      }),
    ).toBe(1);
  });

  it("writes nothing for an update handled already", async () => {
    const update = incoming("again");
    await run(update);
    const before = await version();
    const { row } = await run(update);
    expect(row).toMatchObject({ guarded: 1, recorded: 0, stepped: 0 });
    expect(await version()).toBe(before);
  });

  it("writes nothing, not even the record, once the member, account or campaign changed", async () => {
    const { prisma } = database;
    const member = await prisma.member.findFirstOrThrow({ where: { key: "zhang-wei" } });
    const changes: [string, () => Promise<unknown>, () => Promise<unknown>][] = [
      [
        "the member's name",
        () => prisma.member.update({ where: { id: member.id }, data: { name: "张伟伟" } }),
        () => prisma.member.update({ where: { id: member.id }, data: { name: member.name } }),
      ],
      [
        "the member's language",
        () => prisma.member.update({ where: { id: member.id }, data: { locale: "en" } }),
        () => prisma.member.update({ where: { id: member.id }, data: { locale: member.locale } }),
      ],
      [
        "the account marked unreachable",
        () =>
          prisma.chatIdentity.updateMany({
            where: { externalId: ZHANG_WEI },
            data: { unreachableAt: FRIDAY },
          }),
        () =>
          prisma.chatIdentity.updateMany({
            where: { externalId: ZHANG_WEI },
            data: { unreachableAt: null },
          }),
      ],
      [
        "the campaign's title",
        () => prisma.campaign.updateMany({ data: { title: "另一个专项" } }),
        async () => {
          const campaign = await prisma.campaign.findFirstOrThrow();
          await prisma.campaign.update({
            where: { id: campaign.id },
            data: { title: loadCampaignFile(REFERENCE_EXAMPLE).campaign.title },
          });
        },
      ],
    ];
    for (const [what, change, undo] of changes) {
      const update = incoming(`after a change of ${what}`);
      const { session, write } = await stepFrom(update);
      await change();
      const before = await version();
      const row = await writeGuarded(session, update, write);
      await undo();
      expect({ what, row }).toMatchObject({ what, row: { guarded: 0, recorded: 0, stepped: 0 } });
      expect(await version()).toBe(before);
      expect(await recorded(update.updateKey)).toBe(0);
    }
  });

  it("writes nothing once another step moved the conversation on", async () => {
    const update = incoming("stale");
    const { session, write } = await stepFrom(update);
    await run(incoming("meanwhile"));
    const row = await writeGuarded(session, update, write);
    expect(row).toMatchObject({ guarded: 0, recorded: 0, stepped: 0 });
    expect(await recorded(update.updateKey)).toBe(0);
  });

  it("works an answer out without the database only where it reads nothing", async () => {
    expect(() => NO_DATABASE.report).toThrow(NeedsDatabase);
    // Through the handler: a conversation goes on the same, step after step, and a
    // redelivered answer is recorded once and answered once.
    const handle = createIncomingHandler({ prisma: database.prisma, logger, now: () => FRIDAY });
    await handle(incoming("完成"));
    const figure = incoming("70");
    await handle(figure);
    const replies = () =>
      database.prisma.outboxMessage.count({
        where: { idempotencyKey: { startsWith: `in:telegram:${figure.updateKey}#` } },
      });
    const answered = await replies();
    expect(answered).toBeGreaterThan(0);
    await handle(figure);
    await handle(incoming("5"));
    expect(await replies()).toBe(answered);
    expect(await recorded(figure.updateKey)).toBe(1);
    const state = ZReportConversationState.parse(
      (await database.prisma.conversation.findFirstOrThrow({ where: { closedAt: null } })).answers,
    );
    const metrics = state.answers[0]?.metrics ?? {};
    const values = (state.snapshot.tasks[0]?.metrics ?? [])
      .slice(0, 2)
      .map(({ metricId }) => metrics[metricId])
      .map((metric) => (metric && "value" in metric ? metric.value : undefined));
    expect(values).toEqual(["70", "5"]);
  });
});
