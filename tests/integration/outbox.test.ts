import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { claimDueMessages } from "../../src/outbox/claim-due-messages.js";
import { enqueueReplies } from "../../src/outbox/enqueue-replies.js";
import { releaseHeldReplies } from "../../src/outbox/held-replies.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { recordDelivery } from "../../src/outbox/record-delivery.js";
import { createSentRecorder } from "../../src/outbox/sent-recorder.js";
import { recordingGateway } from "../support/recording-gateway.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const claim = (limit = 10, leaseMs = 60_000) =>
    claimDueMessages(database.prisma, { platform: "telegram", leaseMs, limit });
  const rows = () =>
    database.prisma.outboxMessage.findMany({
      orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
    });

  it("queues idempotently and delivers each chat's messages in order, once, keeping their ids", async () => {
    expect(await queue("in:1", "100", "a1", "a2", "a3")).toBe(3);
    expect(await queue("in:1", "100", "a1", "a2", "a3")).toBe(0);
    await queue("in:2", "200", "b1");
    const { gateway, sent, textsTo } = recordingGateway();
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
    });
    await dispatcher.drain();
    await dispatcher.stop();
    expect(textsTo("100")).toEqual(["a1", "a2", "a3"]);
    expect(sent).toHaveLength(4);
    const all = await rows();
    expect(all.map((row) => row.state)).toEqual(["sent", "sent", "sent", "sent"]);
    const ids = all.map((row) => row.platformMessageIds);
    expect(new Set(ids.map((id) => JSON.stringify(id))).size).toBe(4);
    for (const row of all) expect(row.partsSent).toBe(1);
  });

  it("claims only the head of each chat: a chat's next row waits while its head is in hand", async () => {
    await queue("in:3", "100", "a1", "a2", "a3");
    await queue("in:4", "200", "b1");
    const first = await claim();
    expect(first.messages.map((m) => m.recipient).sort()).toEqual(["100", "200"]);
    expect((await claim()).messages).toEqual([]);
    const [head] = first.messages.filter((m) => m.recipient === "100");
    if (!head) throw new Error("no head for chat 100");
    const state = await recordDelivery(database.prisma, {
      platform: "telegram",
      message: head,
      token: first.token,
      record: { kind: "sent", partsSent: 1, messageIds: ["9"] },
    });
    expect(state).toBe("sent");
    const next = await claim();
    expect(next.messages.map((m) => m.payload)).toEqual([textMessage("a2")]);
  });

  it("holds a chat behind its failed head while other chats go on", async () => {
    await queue("in:5", "100", "first", "second");
    await queue("in:6", "200", "elsewhere");
    const { gateway, fail, textsTo } = recordingGateway();
    fail("100", new DeliveryError("502 Bad Gateway", { kind: "retryable" }));
    let clock = new Date(Date.now() + 1000);
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
      now: () => clock,
    });
    await dispatcher.drain();
    expect(textsTo("100")).toEqual([]);
    expect(textsTo("200")).toEqual(["elsewhere"]);
    expect(
      (await rows()).filter((r) => r.recipient === "100").map((r) => [r.state, r.attempts]),
    ).toEqual([
      ["pending", 1],
      ["pending", 0],
    ]);
    await queue("in:7", "100", "third"); // newer rows wait behind the failed head too
    await dispatcher.drain();
    expect(textsTo("100")).toEqual([]);

    clock = new Date(clock.getTime() + 1000); // the first retry is due after 1 s
    await dispatcher.drain();
    await dispatcher.stop();
    expect(textsTo("100")).toEqual(["first", "second", "third"]);
  });

  it("waits retry_after on 429 and lets a dead letter's chat go on", async () => {
    await queue("in:8", "100", "limited");
    await queue("in:9", "300", "refused", "after the refusal");
    const { gateway, fail, textsTo } = recordingGateway();
    fail(
      "100",
      new DeliveryError("429 Too Many Requests", { kind: "retryable", retryAfterMs: 7000 }),
    );
    fail("300", new DeliveryError("400 Bad Request: can't parse", { kind: "permanent" }));
    const clock = new Date(Date.now() + 1000);
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [gateway],
      logger,
      now: () => clock,
    });
    await dispatcher.drain();
    await dispatcher.stop();
    const [limited, refused] = await rows();
    expect(limited?.nextAttemptAt.getTime()).toBe(clock.getTime() + 7000);
    expect(limited?.lastError).toContain("429");
    expect(refused).toMatchObject({
      state: "failed",
      attempts: 1,
      lastError: expect.stringContaining("400"),
    });
    expect(textsTo("300")).toEqual(["after the refusal"]);
  });

  it("fences a stale claim: after its lease ran out and the row was claimed again, its writes change nothing", async () => {
    await queue("in:10", "100", "m1");
    const stale = await claim(10, 200);
    const [message] = stale.messages;
    if (!message) throw new Error("nothing claimed");
    const leaseMs = (stale.lease?.until.getTime() ?? 0) - (stale.lease?.claimedAt.getTime() ?? 0);
    expect(Math.abs(leaseMs - 200)).toBeLessThanOrEqual(1); // the columns keep milliseconds
    await sleep(300);
    const fresh = await claim();
    expect(fresh.messages.map((m) => [m.id, m.attempts])).toEqual([[message.id, 2]]);
    expect(fresh.token).not.toBe(stale.token);
    const write = (token: string) =>
      recordDelivery(database.prisma, {
        platform: "telegram",
        message,
        token,
        record: { kind: "sent", partsSent: 1, messageIds: ["1"] },
      });
    expect(await write(stale.token)).toBeNull();
    expect((await rows())[0]).toMatchObject({ state: "sending", claimToken: fresh.token });
    expect(await write(fresh.token)).toBe("sent");
  });

  it("lets two claimers take disjoint heads at once", async () => {
    for (const chat of ["1", "2", "3", "4"]) await queue(`in:c${chat}`, chat, "hello", "again");
    const [first, second] = await Promise.all([claim(2), claim(2)]);
    const ids = [...(first?.messages ?? []), ...(second?.messages ?? [])].map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const rest = await claim();
    const chats = [...ids, ...rest.messages.map((m) => m.id)];
    expect(chats).toHaveLength(4); // one head per chat, never two
  });

  it("keeps held replies ahead of what follows them, until they are released", async () => {
    await database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient: "100",
        replies: [textMessage("held")],
        idempotencyKey: "in:held",
        notBefore: new Date(Date.now() + 60_000),
      }),
    );
    await queue("in:later", "100", "later");
    expect((await claim()).messages).toEqual([]);
    await database.prisma.$transaction((tx) => releaseHeldReplies(tx, "in:held#", new Date()));
    expect((await claim()).messages.map((m) => m.payload)).toEqual([textMessage("held")]);
  });

  /**
   * A recording gateway whose send of `heldPart` waits for `release()` (`entered` resolves
   * when it starts), and a dispatcher whose sweep never comes in a test: only nudges and
   * finished sends may claim.
   */
  function heldSendWithoutSweep(heldPart: string) {
    const recording = recordingGateway();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let enter = () => {};
    const entered = new Promise<void>((resolve) => {
      enter = resolve;
    });
    const send = recording.gateway.sendPart.bind(recording.gateway);
    recording.gateway.sendPart = async (recipient, part) => {
      if (part === heldPart) {
        enter();
        await held;
      }
      return send(recipient, part);
    };
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [recording.gateway],
      logger,
      sweepMs: 600_000,
    });
    return { textsTo: recording.textsTo, release: () => release(), entered, dispatcher };
  }

  it("sends a chat's later rows and rows queued during a send at once, without waiting for the sweep", async () => {
    const { textsTo, release, dispatcher } = heldSendWithoutSweep("first");
    try {
      await queue("in:q1", "100", "first", "second");
      dispatcher.nudge();
      await sleep(100);
      // Queued while "first" is in flight, without a nudge (a job whose nudge is yet to come).
      await queue("in:q2", "200", "other");
      release();
      const deadline = performance.now() + 5_000;
      while (textsTo("100").length < 2 || textsTo("200").length < 1) {
        if (performance.now() > deadline) break;
        await sleep(20);
      }
      expect(textsTo("100")).toEqual(["first", "second"]);
      expect(textsTo("200")).toEqual(["other"]);
    } finally {
      await dispatcher.stop();
    }
  });

  it("sends a reply queued behind a row in flight once that row is sent, without waiting for the sweep", async () => {
    const { textsTo, release, entered, dispatcher } = heldSendWithoutSweep("question");
    try {
      await queue("in:r1", "100", "question");
      dispatcher.nudge();
      await entered;
      // The next reply of the chat, committed and nudged while "question" is being sent: the
      // claim its nudge causes finds the chat's head in hand and takes nothing.
      await queue("in:r2", "100", "next question");
      dispatcher.nudge();
      await sleep(200);
      release();
      const deadline = performance.now() + 5_000;
      while (textsTo("100").length < 2 && performance.now() < deadline) await sleep(20);
      expect(textsTo("100")).toEqual(["question", "next question"]);
    } finally {
      await dispatcher.stop();
    }
  });

  it("writes a sent mark that a later row of its chat waits for at once, with what waits along", async () => {
    await queue("in:s1", "100", "a");
    await queue("in:s2", "200", "b");
    await queue("in:s3", "300", "c");
    const claimed = await claim();
    const byChat = (recipient: string) => {
      const message = claimed.messages.find((m) => m.recipient === recipient);
      if (!message) throw new Error(`nothing claimed for ${recipient}`);
      return { id: message.id, token: claimed.token, partsSent: 1, messageIds: [recipient] };
    };
    // Batches that would wait ten minutes, with more sends outstanding than ever record.
    const recorder = createSentRecorder({
      prisma: database.prisma,
      maxWaitMs: 600_000,
      outstanding: () => 10,
    });
    const batched = recorder.record(byChat("100"));
    expect(await recorder.record({ ...byChat("200"), awaited: true })).toBe(true);
    expect(await batched).toBe(true);
    const later = recorder.record(byChat("300"));
    const stateOf = async (recipient: string) =>
      (await rows()).find((row) => row.recipient === recipient)?.state;
    expect(await stateOf("300")).toBe("sending");
    await recorder.flush();
    expect(await later).toBe(true);
    expect([await stateOf("100"), await stateOf("200"), await stateOf("300")]).toEqual([
      "sent",
      "sent",
      "sent",
    ]);
  });
});
