import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { openDatabase } from "../../src/db/open-database.js";
import {
  type DubanProcess,
  killAllDubans,
  runDubanCommand,
  spawnDuban,
} from "../support/run-duban.js";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.js";

const MEMBERS = 2_000;
const FIRST_USER_ID = 600_000_001;
/** Friday 2022-06-10, two seconds before the 09:00 prompt, on a clock at real speed. */
const CLOCK = "2022-06-10T08:59:58+08:00@1";

/** A campaign of 2,000 owners, 100 to each of 20 tasks, every one bound to a Telegram account. */
function bigCampaign(): string {
  const members = Array.from({ length: MEMBERS }, (_, index) => ({
    key: `m${index + 1}`,
    name: `成员${index + 1}`,
    unit: "office",
    telegram: FIRST_USER_ID + index,
  }));
  const tasks = Array.from({ length: 20 }, (_, index) => ({
    key: `t${index + 1}`,
    number: index + 1,
    title: `重点任务${index + 1}`,
    leadUnit: "office",
    owners: members.slice(index * 100, index * 100 + 100).map((member) => member.key),
  }));
  return stringify({
    version: 1,
    campaign: {
      key: "big",
      title: "大规模填报",
      year: 2022,
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
      leadUnit: "office",
    },
    units: [{ key: "office", name: "办公室" }],
    members,
    tasks,
    schedule: { prompt: { day: "friday", time: "09:00" }, close: { day: "monday", time: "12:00" } },
  });
}

/**
 * The weekly prompt to 2,000 people through the Bot API emulator, with the bot process killed
 * with SIGKILL halfway through sending and started again: everyone gets the prompt; a second
 * copy is possible only for a message in flight at the kill.
 */
describe("a prompt round to 2,000 members, the process killed halfway", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-round-"));
  const dataDir = join(dir, "data");
  let telegram: TelegramEmulator;
  let bot: DubanProcess | undefined;
  const env = () => ({
    DATA_DIR: dataDir,
    PORT: "0",
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DUBAN_SIMULATED_CLOCK: CLOCK,
    LOG_LEVEL: "warn",
  });
  const prompts = () =>
    telegram
      .calls("sendMessage")
      .filter((call) => call.ok && String(call.params.text ?? "").includes("开始填报了"));

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const file = join(dir, "big.yaml");
    writeFileSync(file, bigCampaign());
    // 2,000 members in a fresh data directory: a minute or more on a busy 2-core machine.
    const imported = await runDubanCommand(
      ["campaign", "import", file],
      { DATA_DIR: dataDir },
      200_000,
    );
    expect(imported.code, imported.stderr).toBe(0);
    for (let index = 0; index < MEMBERS; index += 1) {
      telegram.user({ userId: FIRST_USER_ID + index, firstName: `成员${index + 1}` });
    }
  }, 240_000);
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("reaches every member exactly once, but for what was in flight at the kill", async () => {
    bot = spawnDuban(["start"], env());
    await bot.waitFor(/duban is ready/, 120_000);
    await untilReached(() => prompts().length, MEMBERS / 2, 150_000);
    const killed = await bot.stop("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    const atKill = prompts().length;

    bot = spawnDuban(["start"], env());
    await bot.waitFor(/duban is ready/, 120_000);
    await untilReached(
      () => new Set(prompts().map((call) => String(call.params.chat_id))).size,
      MEMBERS,
      150_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // anything still to come
    const perChat = new Map<string, number>();
    for (const call of prompts()) {
      const chat = String(call.params.chat_id);
      perChat.set(chat, (perChat.get(chat) ?? 0) + 1);
    }
    const duplicates = [...perChat.values()].filter((count) => count > 1).length;
    console.log(
      `prompt round: ${MEMBERS} members, ${atKill} prompts before the kill, ${prompts().length} sent in all, ${duplicates} duplicates`,
    );
    expect(perChat.size).toBe(MEMBERS);
    // Only messages claimed and sent but not yet marked sent at the kill may repeat.
    expect(duplicates).toBeLessThanOrEqual(50);

    const stopped = await bot.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      const runs = await database.prisma.jobRun.findMany({ where: { job: "prompt" } });
      expect(runs.map((run) => run.state)).toEqual(["done"]);
      expect(
        await database.prisma.outboxMessage.count({
          where: { idempotencyKey: { startsWith: "prompt:big:" } },
        }),
      ).toBe(MEMBERS);
      expect(await database.prisma.outboxMessage.count({ where: { state: { not: "sent" } } })).toBe(
        0,
      );
    } finally {
      await database.close();
    }
  }, 1_200_000);
});

/**
 * Waits for `progress()` to reach `target`, failing only when it has not moved for `stallMs`:
 * on a machine busy with other tests the round is slower, but a stuck outbox still fails.
 */
async function untilReached(
  progress: () => number,
  target: number,
  stallMs: number,
): Promise<void> {
  let last = progress();
  let movedAt = Date.now();
  while (last < target) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = progress();
    if (now !== last) {
      last = now;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > stallMs) {
      throw new Error(`stuck at ${last} of ${target} for ${stallMs} ms`);
    }
  }
}
