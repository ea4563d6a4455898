import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.js";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { type ChatGateway, DeliveryError } from "../../src/outbox/chat-gateway.js";
import { claimDueMessages } from "../../src/outbox/claim-due-messages.js";
import { enqueueReplies } from "../../src/outbox/enqueue-replies.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

/** A gateway that records what it sends and fails on demand, like a platform would. */
function recordingGateway() {
  const sent: { recipient: string; text: string }[] = [];
  const failures: DeliveryError[] = [];
  const gateway: ChatGateway = {
    platform: "telegram",
    async send(recipient: string, reply: Reply) {
      const failure = failures.shift();
      if (failure) throw failure;
      sent.push({ recipient, text: reply.kind === "message" ? (reply.text[0]?.text ?? "") : "" });
      return { messageId: String(sent.length) };
    },
  };
  return { gateway, sent, failures };
}

describe(`outbox (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await database.prisma.outboxMessage.deleteMany();
  });

  const queue = (key: string, recipient: string, ...texts: string[]) =>
    database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient,
        replies: texts.map((text) => textMessage(text)),
        idempotencyKey: key,
      }),
    );

  it("queues idempotently and delivers each chat's messages in order, once", async () => {
    expect(await queue("in:1", "100", "a1", "a2", "a3")).toBe(3);
    expect(await queue("in:1", "100", "a1", "a2", "a3")).toBe(0);
    await queue("in:2", "200", "b1");
    const { gateway, sent } = recordingGateway();
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
    });
    await dispatcher.drain();
    await dispatcher.stop();
    expect(sent.filter((m) => m.recipient === "100").map((m) => m.text)).toEqual([
      "a1",
      "a2",
      "a3",
    ]);
    expect(sent).toHaveLength(4);
    expect(await database.prisma.outboxMessage.count({ where: { state: "sent" } })).toBe(4);
  });

  it("retries a retryable failure after its delay and holds back that chat's later messages", async () => {
    await queue("in:3", "100", "first", "second");
    const { gateway, sent, failures } = recordingGateway();
    failures.push(
      new DeliveryError("429 Too Many Requests", { retryable: true, retryAfterMs: 5000 }),
    );
    let clock = new Date(Date.now() + 1000);
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
      now: () => clock,
    });
    await dispatcher.drain();
    expect(sent).toEqual([]);
    const rows = await database.prisma.outboxMessage.findMany({
      orderBy: { idempotencyKey: "asc" },
    });
    expect(rows.map((row) => [row.state, row.attempts])).toEqual([
      ["pending", 1],
      ["pending", 0],
    ]);
    expect(rows[0]?.lastError).toContain("429");

    clock = new Date(clock.getTime() + 5000);
    await dispatcher.drain();
    await dispatcher.stop();
    expect(sent.map((m) => m.text)).toEqual(["first", "second"]);
  });

  it("marks a permanent failure failed without blocking other chats", async () => {
    await queue("in:4", "100", "to a blocked user");
    await queue("in:5", "200", "to someone else");
    const { gateway, sent, failures } = recordingGateway();
    failures.push(
      new DeliveryError("403 Forbidden: bot was blocked by the user", { retryable: false }),
    );
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
    });
    await dispatcher.drain();
    await dispatcher.stop();
    expect(sent.map((m) => m.text)).toEqual(["to someone else"]);
    const failed = await database.prisma.outboxMessage.findFirstOrThrow({
      where: { recipient: "100" },
    });
    expect(failed.state).toBe("failed");
  });

  it("lets two claimers take disjoint rows, and reclaims rows a crashed sender left", async () => {
    await queue("in:6", "100", "m1", "m2", "m3", "m4");
    const now = new Date();
    const [first, second] = await Promise.all([
      claimDueMessages(database.prisma, { platform: "telegram", now, lockMs: 60_000, limit: 2 }),
      claimDueMessages(database.prisma, { platform: "telegram", now, lockMs: 60_000, limit: 2 }),
    ]);
    const ids = [...(first ?? []), ...(second ?? [])].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    // Nothing is due while the locks hold; after they expire the rows are claimed again.
    const rest = await claimDueMessages(database.prisma, {
      platform: "telegram",
      now,
      lockMs: 60_000,
      limit: 10,
    });
    expect(rest.length + ids.length).toBe(4);
    const later = new Date(now.getTime() + 61_000);
    const reclaimed = await claimDueMessages(database.prisma, {
      platform: "telegram",
      now: later,
      lockMs: 60_000,
      limit: 10,
    });
    expect(reclaimed).toHaveLength(4);
    expect(reclaimed.map((m) => m.attempts)).toEqual([2, 2, 2, 2]);
  });
});
