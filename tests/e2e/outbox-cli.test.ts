import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { textMessage } from "../../src/core/reply.js";
import { openDatabase } from "../../src/db/open-database.js";
import type { Prisma } from "../../src/generated/prisma/client.js";
import { runDubanCommand } from "../support/run-duban.js";

const HOUR = 60 * 60_000;

/** `duban outbox status` as an admin runs it: one data directory, real processes. */
describe("duban outbox status (command line)", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-outbox-cli-"));
  const env = { DATA_DIR: join(dir, "data") };
  const run = (...args: string[]) => runDubanCommand(args, env);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("says when nothing was queued", async () => {
    const result = await run("outbox", "status");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("nothing has been queued yet.");
  });

  it("counts by state, tells the oldest pending, unreachable people and the dead letters", async () => {
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dir, "data", "pglite") },
    });
    try {
      const { prisma } = database;
      const unit = await prisma.unit.create({ data: { key: "office", name: "办公室" } });
      const member = await prisma.member.create({
        data: { key: "li-na", name: "李娜", unitId: unit.id },
      });
      await prisma.chatIdentity.create({
        data: {
          platform: "telegram",
          externalId: "700",
          privateChatId: "700",
          memberId: member.id,
          unreachableAt: new Date(),
          unreachableReason: "403 Forbidden: bot was blocked by the user",
        },
      });
      const now = Date.now();
      const row = (key: string, data: Partial<Prisma.OutboxMessageCreateManyInput>) => ({
        idempotencyKey: key,
        platform: "telegram" as const,
        recipient: "500",
        payload: textMessage(key) as unknown as Prisma.InputJsonValue,
        ...data,
      });
      await prisma.outboxMessage.createMany({
        data: [
          row("prompt:w49:zhang#000", { createdAt: new Date(now - 3 * HOUR) }),
          row("prompt:w49:wang#000", { createdAt: new Date(now - HOUR) }),
          row("in:telegram:1#000", { state: "sent", sentAt: new Date() }),
          row("prompt:w48:li-na#000", {
            recipient: "700",
            state: "failed",
            attempts: 1,
            lastError: "telegram sendMessage: 403 Forbidden: bot was blocked by the user",
            nextAttemptAt: new Date(now - 2 * HOUR),
          }),
          row("remind:w48:li-na#000", { recipient: "700", state: "expired" }),
        ],
      });
    } finally {
      await database.close();
    }

    const english = await run("outbox", "status");
    expect(english.code).toBe(0);
    const lines = english.stdout.split("\n");
    expect(lines).toContain("telegram: 2 pending, 0 being sent, 1 sent, 1 dead letters, 1 expired");
    expect(english.stdout).toMatch(
      /oldest pending: queued 3 hours ago \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)/,
    );
    expect(english.stdout).toContain("1 person unreachable");
    expect(english.stdout).toContain("dead letters, newest first (1 of 1):");
    expect(english.stdout).toMatch(
      /telegram → 700 \(李娜\) {2}prompt:w48:li-na#000 {2}after 1 attempt: telegram sendMessage: 403 Forbidden/,
    );

    const chinese = await runDubanCommand(["outbox", "status"], {
      ...env,
      DUBAN_LOCALE: undefined,
    });
    expect(chinese.code).toBe(0);
    expect(chinese.stdout).toContain("telegram：待发 2，发送中 0，已发送 1，死信 1，已过期 1");
    expect(chinese.stdout).toContain("最早的待发消息：3 小时前排队");
    expect(chinese.stdout).toContain("1 人无法送达");
    expect(chinese.stdout).toContain("尝试 1 次后放弃");
  });
});
