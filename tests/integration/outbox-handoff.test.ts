import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { enqueueReplies, enqueueRepliesClaimed } from "../../src/outbox/enqueue-replies.js";
import {
  createOutboxDispatcher,
  type OutboxDispatcher,
} from "../../src/outbox/outbox-dispatcher.js";
import { recordingGateway } from "../support/recording-gateway.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, for at most `ms`: the sends run on the dispatcher's own time. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > until) throw new Error("not within the time allowed");
    await sleep(10);
  }
}

/**
 * Replies handed to the sender with their insert: sent at once, in order, with no claim and
 * no nudge, and given back to the claims whenever they cannot go under the insert's claim.
 */
describe(`outbox rows handed over with their insert (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let dispatcher: OutboxDispatcher | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    await dispatcher?.stop();
    dispatcher = undefined;
    await database.prisma.outboxMessage.deleteMany();
  });

  /** A dispatcher that never looks for rows by itself: no sweep within a test's time. */
  const start = async (
    gateway: ReturnType<typeof recordingGateway>["gateway"],
    now?: () => Date,
  ) => {
    dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
      sweepMs: 600_000,
      ...(now ? { now } : {}),
    });
    await dispatcher.drain(); // it leads, and its first claim found nothing
    return dispatcher;
  };
  const handOver = async (running: OutboxDispatcher, key: string, ...texts: string[]) => {
    const claim = running.takeClaim("telegram");
    if (!claim) throw new Error("the leading dispatcher gave no claim");
    const { handed } = await database.prisma.$transaction((tx) =>
      enqueueRepliesClaimed(
        tx,
        {
          platform: "telegram",
          recipient: "100",
          replies: texts.map((text) => textMessage(text)),
          idempotencyKey: key,
        },
        claim,
      ),
    );
    running.adopt("telegram", claim, handed);
    return handed;
  };
  const states = async () =>
    (
      await database.prisma.outboxMessage.findMany({
        orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
      })
    ).map((row) => [row.idempotencyKey, row.state, row.attempts]);

  it("sends handed rows in order at once, without a claim or a nudge", async () => {
    const recording = recordingGateway();
    const running = await start(recording.gateway);
    const handed = await handOver(running, "in:1", "a1", "a2", "a3");
    expect(handed.map((row) => row.payload)).toEqual([
      textMessage("a1"),
      textMessage("a2"),
      textMessage("a3"),
    ]);
    await eventually(() => recording.textsTo("100").length === 3);
    expect(recording.textsTo("100")).toEqual(["a1", "a2", "a3"]);
    await eventually(async () => (await states()).every(([, state]) => state === "sent"));
    expect(await states()).toEqual([
      ["in:1#000", "sent", 1],
      ["in:1#001", "sent", 1],
      ["in:1#002", "sent", 1],
    ]);
  });

  it("leaves rows to the claims when their chat has one unsent, and the order holds", async () => {
    const recording = recordingGateway();
    await database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient: "100",
        replies: [textMessage("earlier")],
        idempotencyKey: "job:1",
      }),
    );
    const running = await start(recording.gateway);
    await eventually(() => recording.textsTo("100").length === 1);
    // Queued while the chat's head may still be unmarked: claimed, not handed.
    const blocker = await database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient: "100",
        replies: [textMessage("pending")],
        idempotencyKey: "job:2",
      }),
    );
    expect(blocker).toBe(1);
    expect(await handOver(running, "in:2", "later")).toEqual([]);
    running.nudge();
    await eventually(() => recording.textsTo("100").length === 3);
    expect(recording.textsTo("100")).toEqual(["earlier", "pending", "later"]);
  });

  it("holds the rest back when a handed row fails, and sends them after its retry, in order", async () => {
    const recording = recordingGateway();
    recording.fail("100", new DeliveryError("502 Bad Gateway", { kind: "retryable" }));
    let clock = new Date(Date.now() + 1000);
    const running = await start(recording.gateway, () => clock);
    await handOver(running, "in:3", "b1", "b2", "b3");
    // The failed head is due again after a second: the rest went back to the claims untried.
    await eventually(async () => {
      const now = await states();
      return now[0]?.[1] === "pending" && now[1]?.[1] === "pending" && now[2]?.[1] === "pending";
    });
    expect(recording.textsTo("100")).toEqual([]);
    expect(await states()).toEqual([
      ["in:3#000", "pending", 1],
      ["in:3#001", "pending", 0],
      ["in:3#002", "pending", 0],
    ]);
    running.nudge();
    await sleep(50);
    expect(recording.textsTo("100")).toEqual([]);
    clock = new Date(clock.getTime() + 1000);
    running.nudge();
    await eventually(() => recording.textsTo("100").length === 3);
    expect(recording.textsTo("100")).toEqual(["b1", "b2", "b3"]);
  });

  it("gives no claim while it does not send, and a rolled-back insert hands nothing", async () => {
    const recording = recordingGateway();
    const running = await start(recording.gateway);
    const claim = running.takeClaim("telegram");
    if (!claim) throw new Error("the leading dispatcher gave no claim");
    await expect(
      database.prisma.$transaction(async (tx) => {
        await enqueueRepliesClaimed(
          tx,
          {
            platform: "telegram",
            recipient: "100",
            replies: [textMessage("never")],
            idempotencyKey: "in:4",
          },
          claim,
        );
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await states()).toEqual([]);
    expect(running.takeClaim("slack")).toBeUndefined();
    await running.stop();
    dispatcher = undefined;
    expect(running.takeClaim("telegram")).toBeUndefined();
  });
});
