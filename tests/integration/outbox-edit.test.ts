import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Reply, textMessage } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { logger } from "../../src/logger.js";
import { DeliveryError } from "../../src/outbox/chat-gateway.js";
import { enqueueReplies } from "../../src/outbox/enqueue-replies.js";
import { createOutboxDispatcher } from "../../src/outbox/outbox-dispatcher.js";
import { recordingGateway } from "../support/recording-gateway.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

/** An edit of the message queued under `of`; `|` splits the text into parts. */
const edit = (of: string, text: string): Reply => ({
  kind: "edit",
  of,
  text: [{ text }],
  surplus: [{ text: "(merged above)" }],
});

describe(`outbox edits in place (${TEST_DATABASE_KIND})`, () => {
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

  const queue = (key: string, reply: Reply) =>
    database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient: "-100",
        replies: [reply],
        idempotencyKey: key,
      }),
    );
  const deliver = async (recorder: ReturnType<typeof recordingGateway>) => {
    const dispatcher = createOutboxDispatcher({
      prisma: database.prisma,
      gateways: [recorder.gateway],
      logger,
    });
    await dispatcher.drain();
    await dispatcher.stop();
  };
  const row = (key: string) =>
    database.prisma.outboxMessage.findUniqueOrThrow({ where: { idempotencyKey: `${key}#000` } });

  it("replaces each posted part, sends the parts beyond them, and the next edit replaces them all", async () => {
    const recorder = recordingGateway();
    await queue("post", textMessage("a1|a2"));
    await deliver(recorder);
    expect((await row("post")).platformMessageIds).toEqual(["1", "2"]);

    await queue("edit1", edit("post#000", "b1|b2|b3"));
    await deliver(recorder);
    expect(recorder.sent.slice(2).map((m) => [m.messageId, m.text, m.edit ?? false])).toEqual([
      ["1", "b1", true],
      ["2", "b2", true],
      ["3", "b3", false],
    ]);
    expect((await row("edit1")).platformMessageIds).toEqual(["1", "2", "3"]);

    await queue("edit2", edit("edit1#000", "c1"));
    await deliver(recorder);
    expect(recorder.sent.slice(5).map((m) => [m.messageId, m.text, m.edit ?? false])).toEqual([
      ["1", "c1", true],
      ["2", "(merged above)", true],
      ["3", "(merged above)", true],
    ]);
    // One post of three messages, never a second post.
    expect(recorder.sent.filter((m) => !m.edit)).toHaveLength(3);
  });

  it("waits for the original to go out, and sends the edit anew where the original was given up", async () => {
    const recorder = recordingGateway();
    recorder.fail("-100", new DeliveryError("chat not found", { kind: "permanent" }));
    await queue("post", textMessage("a1"));
    await deliver(recorder);
    expect((await row("post")).state).toBe("failed");

    await queue("edit", edit("post#000", "b1"));
    await deliver(recorder);
    expect(recorder.sent.map((m) => [m.text, m.edit ?? false])).toEqual([["b1", false]]);
    expect((await row("edit")).state).toBe("sent");
  });

  it("retries an edit whose original is still queued instead of posting it", async () => {
    const recorder = recordingGateway();
    await database.prisma.$transaction((tx) =>
      enqueueReplies(tx, {
        platform: "telegram",
        recipient: "-200",
        replies: [textMessage("later")],
        idempotencyKey: "held",
        notBefore: new Date(Date.now() + 3_600_000),
      }),
    );
    await queue("edit", edit("held#000", "b1"));
    await deliver(recorder);
    const waiting = await row("edit");
    expect(waiting.state).toBe("pending");
    expect(waiting.lastError).toContain("not sent yet");
    expect(recorder.sent).toHaveLength(0);
  });
});
