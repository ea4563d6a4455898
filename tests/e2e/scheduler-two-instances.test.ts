import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ZCampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { plainText, type RichText } from "../../src/core/reply.js";
import { openDatabase } from "../../src/db/open-database.js";
import { planJobs } from "../../src/scheduling/plan-jobs.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import {
  type DubanProcess,
  killAllDubans,
  runDubanCommand,
  spawnDuban,
} from "../support/run-duban.js";
import { createScratchDatabase, postgresUnreachable } from "../support/scratch-postgres.js";
import { freePort } from "../support/telegram-emulator/free-port.js";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.js";

/** Simulated minutes per real second: the week below passes in about a minute and a half. */
const SPEED = 120;
const WEEK_START = new Date("2022-06-10T07:50:00+08:00");
const WEEK_END = new Date("2022-06-17T10:00:00+08:00");
const GROUP_CHAT = -1001234567890;
const unreachable = await postgresUnreachable();

/** Polls the outbox until no row is pending or being sent, or `ms` have passed. */
async function untilNothingUnsent(url: string, ms: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const { rows } = await client.query<{ unsent: number }>(
        `SELECT count(*)::int AS "unsent" FROM "OutboxMessage" WHERE "state" IN ('pending', 'sending')`,
      );
      if ((rows[0]?.unsent ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.end();
  }
}

/** The reference campaign, every member bound to a Telegram account. */
function campaignText(): string {
  const file = loadCampaignFile(REFERENCE_EXAMPLE);
  file.members.forEach((member, index) => {
    member.telegram ??= String(700_000_001 + index);
  });
  return stringify(file);
}

/**
 * Two `duban start` processes on one PostgreSQL database through a simulated week of prompts,
 * reminders, the close, digests, deadline reminders and housekeeping, both sending through one
 * Bot API: every run fires once, every message is sent once and in order in its chat, and the
 * sends of both together keep Telegram's limits.
 */
describe.skipIf(unreachable !== undefined && !process.env.CI)(
  "two instances through a simulated week",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "duban-two-"));
    let telegram: TelegramEmulator;
    let database: Awaited<ReturnType<typeof createScratchDatabase>>;
    const bots: DubanProcess[] = [];

    beforeAll(async () => {
      database = await createScratchDatabase("duban_two");
      telegram = await startTelegramEmulator();
      const file = join(dir, "campaign.yaml");
      writeFileSync(file, campaignText());
      const imported = await runDubanCommand(["campaign", "import", file], {
        DATABASE_URL: database.url,
      });
      expect(imported.code, imported.stderr).toBe(0);
      for (const member of loadCampaignFile(file).members) {
        telegram.user({ userId: Number(member.telegram), firstName: member.name });
      }
      telegram.user({ userId: 512340001, chatType: "group", chatId: GROUP_CHAT });
    }, 120_000);
    afterAll(async () => {
      await killAllDubans();
      await telegram?.stop();
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("fires every run once and sends every message once, in order, within the limits", async () => {
      const realStart = new Date(Date.now() + 15_000); // both processes are up by then
      const clock = `${WEEK_START.toISOString()}@${SPEED}@${realStart.toISOString()}`;
      for (const name of ["a", "b"]) {
        const port = await freePort();
        const bot = spawnDuban(["start"], {
          DATABASE_URL: database.url,
          PORT: String(port),
          TELEGRAM_BOT_TOKEN: telegram.token,
          TELEGRAM_API_ROOT: telegram.apiRoot,
          TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/${name}`,
          TELEGRAM_WEBHOOK_SECRET: `secret-${name}`,
          DUBAN_SIMULATED_CLOCK: clock,
          LOG_LEVEL: "warn",
        });
        bots.push(bot);
        await bot.waitFor(/duban is ready/, 60_000);
      }
      const weekMs = WEEK_END.getTime() - WEEK_START.getTime();
      await new Promise((resolve) =>
        setTimeout(resolve, realStart.getTime() - Date.now() + weekMs / (SPEED * 60) + 5_000),
      );
      // What the week's last runs queued goes out within Telegram's pace, which a busy
      // machine stretches: wait until nothing is left to send (at most a minute more).
      await untilNothingUnsent(database.url, 60_000);
      for (const bot of bots) expect((await bot.stop("SIGTERM")).code).toBe(0);

      const db = await openDatabase({ target: { kind: "postgres", url: database.url } });
      try {
        // Every run planned for the week fired exactly once (one row each, claimed once, done).
        const [campaign] = await db.prisma.campaign.findMany();
        const file = ZCampaignFile.parse(loadCampaignFile(REFERENCE_EXAMPLE));
        const cutoff = new Date(WEEK_END.getTime() - 30 * 60_000);
        const inWeek = (at: Date) => at >= WEEK_START && at < cutoff;
        const planned = planJobs(file, { from: WEEK_START, to: cutoff })
          .jobs.filter((job) => !job.skipped && inWeek(job.scheduledFor))
          .map((job) => `${job.job} ${job.scheduledFor.toISOString()}`)
          .sort();
        const runs = await db.prisma.jobRun.findMany({ where: { campaignId: campaign?.id } });
        const fired = runs
          .filter((run) => inWeek(run.scheduledFor))
          .map((run) => `${run.job} ${run.scheduledFor.toISOString()}`)
          .sort();
        expect(fired).toEqual(planned);
        expect(runs.every((run) => run.state === "done" && run.attempts === 1)).toBe(true);
        const byInstance = new Set(
          runs.map((run) => run.lockedBy?.split(":").slice(0, 2).join(":")),
        );
        console.log(`two instances: ${runs.length} runs, run by ${byInstance.size} instance(s)`);

        // Every message sent once, in its chat's order.
        const rows = await db.prisma.outboxMessage.findMany({
          orderBy: [{ createdAt: "asc" }, { idempotencyKey: "asc" }],
        });
        const unsent = rows.filter((row) => row.state !== "sent" && row.state !== "expired");
        expect(unsent.map((row) => `${row.idempotencyKey} ${row.state} ${row.lastError}`)).toEqual(
          [],
        );
        const sends = telegram.calls("sendMessage").filter((call) => call.ok);
        const sentRows = rows.filter((row) => row.state === "sent");
        expect(sends).toHaveLength(
          sentRows.reduce((sum, row) => sum + Math.max(1, row.partsSent), 0),
        );
        // Each chat's messages arrive in the order they were queued. Two runs of one instant
        // (the prompt and the deadline reminder at 09:00) may queue side by side, even on the
        // two instances, with no order between them; any two queued a moment apart keep theirs.
        const opening = (text: string) => text.replace(/<[^>]+>/g, "").slice(0, 16);
        for (const chat of new Set(sentRows.map((row) => row.recipient))) {
          const arrived = sends
            .filter((call) => String(call.params.chat_id) === chat)
            .map((call) => opening(String(call.params.text)));
          const queued = sentRows.filter((row) => row.recipient === chat);
          expect(arrived.length, `chat ${chat}`).toBe(queued.length);
          const text = (row: (typeof queued)[number]) =>
            opening(plainText((row.payload as unknown as { text: RichText }).text));
          expect([...arrived].sort(), `chat ${chat}`).toEqual(queued.map(text).sort());
          for (let a = 0; a < queued.length; a += 1) {
            for (let b = a + 1; b < queued.length; b += 1) {
              const [first, second] = [queued[a], queued[b]];
              if (
                !first ||
                !second ||
                second.createdAt.getTime() - first.createdAt.getTime() < 1_000
              )
                continue;
              expect(
                arrived.indexOf(text(first)),
                `chat ${chat}: ${text(first)} before ${text(second)}`,
              ).toBeLessThan(arrived.lastIndexOf(text(second)));
            }
          }
        }

        // Both instances together: at most 30 a second overall, one a second per private chat.
        const times = sends.map((call) => call.at).sort((a, b) => a - b);
        let peak = 0;
        for (let index = 0, start = 0; index < times.length; index += 1) {
          while ((times[index] ?? 0) - (times[start] ?? 0) >= 1_000) start += 1;
          peak = Math.max(peak, index - start + 1);
        }
        console.log(`two instances: ${sends.length} messages sent, peak ${peak} in any second`);
        expect(peak).toBeLessThanOrEqual(30);
      } finally {
        await db.close();
      }
    }, 600_000);
  },
);
