import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { claimDueMessages } from "../../src/outbox/claim-due-messages.js";
import { clearUnreachable } from "../../src/outbox/clear-unreachable.js";
import { deadLettersToReport, markReported } from "../../src/outbox/dead-letters.js";
import { enqueueReplies } from "../../src/outbox/enqueue-replies.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { recordDelivery } from "../../src/outbox/record-delivery.js";
import { recordingGateway } from "../support/recording-gateway.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const HOUR = 60 * 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`outbox failures (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    const unit = await database.prisma.unit.create({ data: { key: "office", name: "办公室" } });
    const member = await database.prisma.member.create({
      data: { key: "li-na", name: "李娜", unitId: unit.id },
    });
    await database.prisma.chatIdentity.create({
      data: { platform: "telegram", externalId: "700", privateChatId: "700", memberId: member.id },
    });
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.prisma.outboxMessage.deleteMany();
  });

  const queue = (key: string, recipient: string, texts: string[], expiresAt?: Date) =>
    database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient,
        replies: texts.map((text) => textMessage(text)),
        idempotencyKey: key,
        ...(expiresAt ? { expiresAt } : {}),
      }),
    );
  const row = (recipient: string) =>
    database.prisma.outboxMessage.findFirstOrThrow({
      where: { recipient },
      orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
    });
  const dispatcherOn = (
    gateway: ReturnType<typeof recordingGateway>["gateway"],
    now?: () => Date,
    leaseMs?: number,
  ) =>
    createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
      ...(now ? { now } : {}),
      ...(leaseMs ? { leaseMs } : {}),
    });

  it("resumes a split reply after the last part sent when its sender crashed between parts", async () => {
    await queue("in:long", "100", ["part one|part two|part three"]);
    const { gateway, sent } = recordingGateway();
    // The first sender: claims, sends part one, records it, and dies before part two.
    const crashed = await claimDueMessages(database.prisma, {
      platform: "telegram",
      leaseMs: 200,
      limit: 10,
    });
    const [message] = crashed.messages;
    if (!message) throw new Error("nothing claimed");
    const parts = gateway.renderParts(message.payload);
    const first = await gateway.sendPart("100", parts[0] ?? "");
    await recordDelivery(database.prisma, {
      platform: "telegram",
      message,
      token: crashed.token,
      record: { kind: "progress", partsSent: 1, messageIds: [first.messageId] },
    });
    await sleep(300); // its lease runs out

    const dispatcher = dispatcherOn(gateway);
    await dispatcher.drain();
    await dispatcher.stop();
    expect(sent.map((m) => m.text)).toEqual(["part one", "part two", "part three"]);
    expect(await row("100")).toMatchObject({
      state: "sent",
      partsSent: 3,
      attempts: 2,
      platformMessageIds: ["1", "2", "3"],
    });
  });

  it("keeps the parts sent when a later part fails, and sends only the rest on the retry", async () => {
    await queue("in:long2", "100", ["a|b|c"]);
    const { gateway, failures, textsTo } = recordingGateway();
    failures.push(undefined, new DeliveryError("500 Internal", { kind: "retryable" }));
    let clock = new Date(Date.now() + 1000);
    const dispatcher = dispatcherOn(gateway, () => clock);
    await dispatcher.drain();
    expect(await row("100")).toMatchObject({ state: "pending", partsSent: 1 });
    clock = new Date(clock.getTime() + 1000);
    await dispatcher.drain();
    await dispatcher.stop();
    expect(textsTo("100")).toEqual(["a", "b", "c"]);
    expect(await row("100")).toMatchObject({ state: "sent", partsSent: 3 });
  });

  it("never sends what expired before its turn; a row that failed before expiring is a dead letter", async () => {
    const clock = new Date(Date.now() + 1000);
    await queue("prompt:old", "100", ["too late"], new Date(clock.getTime() - 1));
    await queue("prompt:retried", "200", ["failing"], new Date(clock.getTime() + 1500));
    await queue("prompt:fresh", "300", ["in time"], new Date(clock.getTime() + HOUR));
    const { gateway, fail, textsTo } = recordingGateway();
    fail("200", new DeliveryError("502 Bad Gateway", { kind: "retryable" }));
    let now = clock;
    const dispatcher = dispatcherOn(gateway, () => now);
    await dispatcher.drain();
    expect(await row("100")).toMatchObject({ state: "expired", attempts: 0 });
    expect(await row("200")).toMatchObject({ state: "pending", attempts: 1 });
    now = new Date(clock.getTime() + 2000);
    await dispatcher.drain();
    await dispatcher.stop();
    expect(await row("200")).toMatchObject({ state: "failed", lastError: "502 Bad Gateway" });
    expect(textsTo("100")).toEqual([]);
    expect(textsTo("300")).toEqual(["in time"]);
  });

  it("expires in the claim itself: an expired row is never claimed and holds no chat's queue", async () => {
    const clock = new Date(Date.now() + 1000);
    await queue("a:old", "100", ["too late"], new Date(clock.getTime() - 1));
    await queue("b:next", "100", ["next in line"]);
    await queue("c:lapsed", "200", ["lapsed send"], new Date(clock.getTime() - 1));
    await queue("d:after-lapsed", "200", ["after it"]);
    // A sender took the chat's head and vanished before sending a part; its lease ran out.
    await database.prisma.outboxMessage.updateMany({
      where: { idempotencyKey: { startsWith: "c:lapsed" } },
      data: { state: "sending", lockedUntil: new Date(Date.now() - 60_000), attempts: 1 },
    });
    const claim = await claimDueMessages(database.prisma, {
      platform: "telegram",
      leaseMs: 30_000,
      limit: 10,
      now: clock,
    });
    expect(claim.messages.map((message) => message.payload)).toEqual([
      textMessage("next in line"),
      textMessage("after it"),
    ]);
    const states = await database.prisma.outboxMessage.findMany({
      orderBy: { idempotencyKey: "asc" },
      select: { state: true },
    });
    expect(states.map((entry) => entry.state)).toEqual([
      "expired",
      "sending",
      "expired",
      "sending",
    ]);
    const again = await claimDueMessages(database.prisma, {
      platform: "telegram",
      leaseMs: 30_000,
      limit: 10,
      now: clock,
    });
    expect(again.messages).toEqual([]);
  });

  it("retries through a long outage and gives up only at the horizon, as a dead letter admins are told of once", async () => {
    await queue("prompt:w26:li-na", "100", ["weekly prompt"]);
    const { gateway, failures, textsTo } = recordingGateway();
    const outage = () =>
      new DeliveryError("telegram sendMessage: network: ECONNREFUSED", { kind: "retryable" });
    const start = Date.now() + 1000;
    let clock = new Date(start);
    const dispatcher = dispatcherOn(gateway, () => clock);
    // An hour of outage: attempts at 0 s, then every back-off up to 5 minutes; all fail.
    for (let elapsed = 0; elapsed <= HOUR; elapsed += 5 * 60_000) {
      clock = new Date(start + elapsed);
      failures.push(outage(), outage());
      await dispatcher.drain();
      failures.length = 0;
    }
    const afterHour = await row("100");
    expect(afterHour.state).toBe("pending");
    expect(afterHour.attempts).toBeGreaterThan(5);
    clock = new Date(start + HOUR + 10 * 60_000); // Telegram is back
    await dispatcher.drain();
    expect(textsTo("100")).toEqual(["weekly prompt"]);

    await queue("prompt:w27:li-na", "100", ["next week's prompt"]);
    clock = new Date(start + 2 * HOUR);
    failures.push(outage());
    await dispatcher.drain();
    clock = new Date(start + 2 * HOUR + 24 * HOUR - 60_000); // a minute inside the horizon
    failures.push(outage());
    await dispatcher.drain();
    expect(await database.prisma.outboxMessage.count({ where: { state: "failed" } })).toBe(0);
    clock = new Date(start + 2 * HOUR + 24 * HOUR + 60_000);
    failures.push(outage());
    await dispatcher.drain();
    await dispatcher.stop();
    const dead = await deadLettersToReport(database.prisma);
    expect(dead).toMatchObject([
      { idempotencyKey: "prompt:w27:li-na#000", lastError: outage().message, recipient: "100" },
    ]);
    expect(
      await deadLettersToReport(database.prisma, { since: new Date(clock.getTime() + 1) }),
    ).toEqual([]);
    expect(
      await markReported(
        database.prisma,
        dead.map((d) => d.id),
      ),
    ).toBe(1);
    expect(await deadLettersToReport(database.prisma)).toEqual([]);
  });

  it("marks a person who blocked the bot unreachable, fails their queue, and skips them until cleared", async () => {
    await queue("prompt:a", "700", ["prompt", "reminder"]);
    await queue("in:b", "800", ["someone else"]);
    const { gateway, fail, textsTo } = recordingGateway();
    fail(
      "700",
      new DeliveryError("telegram sendMessage: 403 Forbidden: bot was blocked by the user", {
        kind: "unreachable",
      }),
    );
    const dispatcher = dispatcherOn(gateway);
    await dispatcher.drain();
    const queued = await database.prisma.outboxMessage.findMany({
      where: { recipient: "700" },
      orderBy: { idempotencyKey: "asc" },
    });
    expect(queued.map((r) => [r.state, r.attempts])).toEqual([
      ["failed", 1],
      ["failed", 0],
    ]);
    expect(queued[1]?.lastError).toMatch(/^unreachable: .*403/);
    const identity = await database.prisma.chatIdentity.findFirstOrThrow({
      where: { externalId: "700" },
    });
    expect(identity.unreachableAt).not.toBeNull();
    expect(identity.unreachableReason).toContain("blocked");
    expect(textsTo("800")).toEqual(["someone else"]);
    const dead = await deadLettersToReport(database.prisma);
    expect(dead.map((d) => d.member?.key)).toEqual(["li-na", "li-na"]);

    await queue("prompt:c", "700", ["while blocked"]);
    await dispatcher.drain();
    expect(textsTo("700")).toEqual([]);
    expect(
      await database.prisma.$transaction((tx) =>
        clearUnreachable(tx, { platform: "telegram", externalId: "700" }),
      ),
    ).toBe(true);
    await dispatcher.drain();
    await dispatcher.stop();
    expect(textsTo("700")).toEqual(["while blocked"]);
  });
});
