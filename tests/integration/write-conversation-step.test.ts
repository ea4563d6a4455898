import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCampaignContext } from "../../src/chat/campaign-context.js";
import {
  type ConversationStepWrite,
  writeConversationStep,
} from "../../src/chat/write-conversation-step.js";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import type { Conversation } from "../../src/generated/prisma/client.js";
import {
  type ReportConversationState,
  ZReportConversationState,
} from "../../src/reporting/report-conversation-state.js";
import { scheduledPeriodAt } from "../../src/scheduling/scheduled-period.js";
import { referenceReportUnderWay, ZHANG_WEI } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 of the reference campaign is open.
const FRIDAY = new Date("2022-06-10T02:00:00Z");

/** The conversation's step, its draft and its replies are one statement: all or nothing. */
describe(`the conversation step's single write (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let conversation: Conversation;
  let state: ReportConversationState;
  let write: (version: number, key: string) => Promise<ConversationStepWrite>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const { prisma } = database;
    await referenceReportUnderWay(prisma, FRIDAY);
    conversation = await prisma.conversation.findFirstOrThrow({ where: { closedAt: null } });
    state = ZReportConversationState.parse(conversation.answers);
    const task = state.snapshot.tasks[0];
    if (!task || !conversation.campaignId) throw new Error("no task in the snapshot");
    const campaignId = conversation.campaignId;
    const campaign = await prisma.$transaction((tx) => loadCampaignContext(tx, campaignId));
    const period = scheduledPeriodAt({ now: FRIDAY, ...campaign });
    write = async (version, item) => ({
      conversationId: conversation.id,
      version,
      nextVersion: version + 1,
      state: { ...state, step: "problems" },
      draft: {
        campaignId,
        taskId: task.taskId,
        memberId: conversation.memberId,
        period,
        answers: {
          ...(state.answers[0] ?? { progressItems: [], metrics: {} }),
          progressItems: [item],
        },
      },
      mayBeStale: true,
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  const replies = (key: string) => ({
    platform: "telegram" as const,
    recipient: ZHANG_WEI,
    replies: [textMessage(`reply ${key}`), textMessage(`more ${key}`)],
    idempotencyKey: `in:test:${key}`,
    now: FRIDAY,
  });
  const draftItems = async () =>
    (
      await database.prisma.report.findFirstOrThrow({
        where: { memberId: conversation.memberId, state: "draft" },
      })
    ).progressItems;
  const queuedFor = (key: string) =>
    database.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: `in:test:${key}#` } },
      orderBy: { idempotencyKey: "asc" },
    });
  const current = () =>
    database.prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id } });

  it("writes the state, the draft and the replies when the version still holds", async () => {
    const { version } = await current();
    const written = await database.prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version, "one"), replies("one")),
    );
    expect(written).toEqual({ handed: [] });
    const after = await current();
    expect(after.version).toBe(version + 1);
    expect(after.step).toBe("problems");
    expect(await draftItems()).toEqual(["one"]);
    const queued = await queuedFor("one");
    expect(queued.map((row) => row.payload)).toEqual([
      textMessage("reply one"),
      textMessage("more one"),
    ]);
    expect(queued.map((row) => [row.state, row.nextAttemptAt.getTime()])).toEqual([
      ["pending", FRIDAY.getTime()],
      ["pending", FRIDAY.getTime()],
    ]);
  });

  it("writes nothing when the version moved on, or the conversation was closed", async () => {
    const { version } = await current();
    const stale = await database.prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version - 1, "stale"), replies("stale")),
    );
    expect(stale).toBe(false);
    await database.prisma.conversation.update({
      where: { id: conversation.id },
      data: { closedAt: FRIDAY },
    });
    const closed = await database.prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version, "closed"), replies("closed")),
    );
    await database.prisma.conversation.update({
      where: { id: conversation.id },
      data: { closedAt: null },
    });
    expect(closed).toBe(false);
    expect((await current()).version).toBe(version);
    expect(await draftItems()).toEqual(["one"]);
    expect(await queuedFor("stale")).toEqual([]);
    expect(await queuedFor("closed")).toEqual([]);
  });

  it("leaves none of them when the transaction fails after it", async () => {
    const { version } = await current();
    await expect(
      database.prisma.$transaction(async (tx) => {
        expect(
          await writeConversationStep(tx, await write(version, "crash"), replies("crash")),
        ).toEqual({ handed: [] });
        throw new Error("crash after the write");
      }),
    ).rejects.toThrow("crash after the write");
    expect((await current()).version).toBe(version);
    expect(await draftItems()).toEqual(["one"]);
    expect(await queuedFor("crash")).toEqual([]);
  });

  it("creates the draft when there is none yet, and keeps a submitted report's as its correction", async () => {
    const { prisma } = database;
    await prisma.report.deleteMany({ where: { memberId: conversation.memberId } });
    const { version } = await current();
    expect(
      await prisma.$transaction(async (tx) =>
        writeConversationStep(tx, await write(version, "new"), undefined),
      ),
    ).toEqual({ handed: [] });
    expect(await draftItems()).toEqual(["new"]);
    await prisma.report.updateMany({
      where: { memberId: conversation.memberId },
      data: { state: "submitted" },
    });
    expect(
      await prisma.$transaction(async (tx) =>
        writeConversationStep(tx, await write(version + 1, "fix"), undefined),
      ),
    ).toEqual({ handed: [] });
    const submitted = await prisma.report.findFirstOrThrow({
      where: { memberId: conversation.memberId },
    });
    expect(submitted.state).toBe("submitted");
    expect(submitted.progressItems).toEqual(["new"]);
    expect(submitted.pendingAnswers).toMatchObject({ progressItems: ["fix"] });
  });

  it("hands the replies to the sender under a claim only when nothing else of the chat is unsent", async () => {
    const { prisma } = database;
    const claim = { token: "claim-1", leaseMs: 60_000, botNow: FRIDAY };
    // Rows of earlier steps still wait for the sender: these must queue behind them.
    expect(await prisma.outboxMessage.count({ where: { state: "pending" } })).toBeGreaterThan(0);
    let { version } = await current();
    const behind = await prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version, "behind"), replies("behind"), claim),
    );
    expect(behind).toEqual({ handed: [] });
    expect((await queuedFor("behind")).map((row) => [row.state, row.claimToken])).toEqual([
      ["pending", null],
      ["pending", null],
    ]);

    await prisma.outboxMessage.updateMany({ data: { state: "sent" } });
    ({ version } = await current());
    const handed = await prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version, "handed"), replies("handed"), claim),
    );
    const rows = await queuedFor("handed");
    expect(rows.map((row) => [row.state, row.claimToken, row.attempts])).toEqual([
      ["sending", "claim-1", 1],
      ["sending", "claim-1", 1],
    ]);
    expect(rows.every((row) => row.lockedUntil !== null && row.firstAttemptAt !== null)).toBe(true);
    if (!handed) throw new Error("the step was not written");
    expect(handed.handed.map((row) => [row.id, row.payload])).toEqual(
      rows.map((row) => [row.id, row.payload]),
    );

    // A chat marked unreachable is not taken either: its rows wait until it is cleared.
    await prisma.outboxMessage.updateMany({ data: { state: "sent" } });
    await prisma.chatIdentity.updateMany({
      where: { privateChatId: ZHANG_WEI },
      data: { unreachableAt: FRIDAY },
    });
    ({ version } = await current());
    const unreachable = await prisma.$transaction(async (tx) =>
      writeConversationStep(tx, await write(version, "blocked"), replies("blocked"), claim),
    );
    await prisma.chatIdentity.updateMany({
      where: { privateChatId: ZHANG_WEI },
      data: { unreachableAt: null },
    });
    expect(unreachable).toEqual({ handed: [] });
    expect((await queuedFor("blocked")).map((row) => row.state)).toEqual(["pending", "pending"]);
  });
});
