import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { plainText, type Reply } from "../../src/core/reply.js";
import type { Database } from "../../src/db/open-database.js";
import { claimJobRun } from "../../src/scheduling/claim-job-run.js";
import { loadJobCampaigns } from "../../src/scheduling/load-job-campaigns.js";
import type { DueJob } from "../../src/scheduling/plan-jobs.js";
import { runJob } from "../../src/scheduling/run-job.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Week 2022-W23 in Shanghai: prompted Friday 06-10 09:00, closing Monday 06-13 12:00.
const PROMPT_AT = new Date("2022-06-10T01:00:00Z");
const CLOSE_AT = new Date("2022-06-13T04:00:00Z");
const OWNERS = ["zhang-wei", "li-na", "sun-hao", "zhou-jing", "wu-lei", "zheng-li", "feng-gang"];

function due(job: Partial<DueJob> & Pick<DueJob, "job" | "at">): DueJob {
  return {
    scheduledFor: job.at,
    timeZone: "Asia/Shanghai",
    audience: [],
    leadership: false,
    graceMs: 6 * 3_600_000,
    ...job,
  };
}

describe(`scheduled jobs queue their messages once (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  const campaign = async () => {
    const [found] = await loadJobCampaigns(database.prisma, { key: "ankang-eco-2022" });
    if (!found) throw new Error("campaign not loaded");
    return found;
  };
  const rows = (prefix: string) =>
    database.prisma.outboxMessage.findMany({
      where: { idempotencyKey: { startsWith: prefix } },
      orderBy: { idempotencyKey: "asc" },
    });
  const text = (payload: unknown) =>
    plainText((payload as Extract<Reply, { kind: "message" }>).text);
  const run = async (job: DueJob, now = job.at) =>
    runJob({ prisma: database.prisma, campaign: await campaign(), job, now, instanceId: "test" });

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("prompts every owner who can be reached, with a button to start, expiring at the close", async () => {
    const audience = OWNERS.map((member) => ({ member, deliverAt: PROMPT_AT }));
    const result = await run(due({ job: "prompt", at: PROMPT_AT, period: "2022-W23", audience }));
    expect(result.ran).toBe(true);
    if (!result.ran) return;
    // Bound in the file: 张伟, 孙浩, 冯刚; the others have no chat account yet.
    expect(result.outcome.queued).toBe(3);
    expect(result.outcome.unreachable).toEqual(["li-na", "wu-lei", "zheng-li", "zhou-jing"]);
    const queued = await rows("prompt:ankang-eco-2022:2022-W23:");
    expect(queued.map((row) => row.recipient).sort()).toEqual([
      "512340021",
      "512340031",
      "512340051",
    ]);
    const zhang = queued.find((row) => row.recipient === "512340021");
    expect(text(zhang?.payload)).toContain("张伟，您好！");
    expect(text(zhang?.payload)).toContain("截止时间 6月13日（周一）12:00");
    expect(JSON.stringify(zhang?.payload)).toContain('"data":"rc|');
    expect(zhang?.expiresAt).toEqual(CLOSE_AT);
  });

  it("never fires a run twice, even when asked again or claimed by two at once", async () => {
    const audience = OWNERS.map((member) => ({ member, deliverAt: PROMPT_AT }));
    const again = await run(due({ job: "prompt", at: PROMPT_AT, period: "2022-W23", audience }));
    expect(again.ran).toBe(false);
    expect(await rows("prompt:ankang-eco-2022:2022-W23:")).toHaveLength(3);
    const { id } = await campaign();
    const key = {
      campaignId: id,
      job: "remind" as const,
      scheduledFor: new Date("2022-06-10T08:00:00Z"),
    };
    const claims = await Promise.all(
      ["a", "b", "c"].map((instanceId) =>
        claimJobRun(database.prisma, { ...key, instanceId, leaseMs: 60_000 }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // The holder died: once its lease has run out, another instance may take the run over.
    await database.prisma.jobRun.updateMany({
      where: { campaignId: id, job: "remind" },
      data: { lockedUntil: new Date(Date.now() - 1000) },
    });
    expect(
      await claimJobRun(database.prisma, { ...key, instanceId: "d", leaseMs: 60_000 }),
    ).toMatchObject({ attempt: 2 });
  });

  it("reminds only those who still owe a report, after their quiet hours", async () => {
    const zhang = new ChatDriver({
      prisma: database.prisma,
      userId: "512340021",
      now: () => PROMPT_AT,
    });
    await zhang.command("skip", "外出学习");
    const at = new Date("2022-06-10T08:00:00Z"); // Friday 16:00
    const later = new Date("2022-06-11T00:00:00Z");
    const audience = [
      { member: "zhang-wei", deliverAt: at },
      { member: "sun-hao", deliverAt: later },
    ];
    const result = await run(
      due({
        job: "remind",
        at,
        scheduledFor: new Date("2022-06-10T08:00:01Z"),
        period: "2022-W23",
        audience,
      }),
    );
    expect(result.ran && result.outcome.queued).toBe(1);
    const queued = await rows("remind:ankang-eco-2022:2022-W23:");
    expect(queued.map((row) => row.recipient)).toEqual(["512340031"]);
    expect(queued[0]?.nextAttemptAt).toEqual(later);
    expect(text(queued[0]?.payload)).toContain("还有 1 项任务没有报送");
  });

  it("escalates at the close to the leadership channel: counts, the missing by unit, the unreachable", async () => {
    const result = await run(
      due({ job: "close", at: CLOSE_AT, period: "2022-W23", leadership: true }),
    );
    expect(result.ran).toBe(true);
    const [post] = await rows("close:ankang-eco-2022:2022-W23:");
    expect(post?.recipient).toBe("-1001234567890");
    const said = text(post?.payload);
    expect(said).toContain("报送已截止");
    expect(said).toMatch(/应报 \d+ 项：按时报送 0 项，迟报 0 项，说明不报 1 项，未报 \d+ 项/);
    expect(said).toContain("大气环境科（1 人）");
    expect(said).toContain("李娜（第 1 项）");
    expect(said).not.toContain("张伟（第"); // he skipped with a reason
    expect(said).toContain("无法送达提醒的");
  });

  it("warns of milestones with their lights, alerts leaders when overdue, and leaves done ones out", async () => {
    const file = loadCampaignFile(REFERENCE_EXAMPLE);
    const task = file.tasks.find((candidate) => candidate.key === "clear-water");
    const open = task?.milestones.find((milestone) => milestone.done === undefined);
    const done = task?.milestones.find((milestone) => milestone.done !== undefined);
    if (!task || !open || !done) throw new Error("the example needs an open and a done milestone");
    const item = (milestone: typeof open, daysLeft: number) => ({
      task: task.key,
      milestone: milestone.key,
      title: milestone.title,
      due: milestone.due,
      daysLeft,
    });
    const at = new Date("2022-08-29T01:00:00Z");
    const audience = [{ member: "sun-hao", deliverAt: at }];
    await run(due({ job: "milestone", at, audience, milestones: [item(open, 3), item(done, 3)] }));
    const warnings = await rows("milestone:ankang-eco-2022:");
    expect(warnings).toHaveLength(1);
    expect(text(warnings[0]?.payload)).toContain(`🟡 第2项任务`);
    expect(text(warnings[0]?.payload)).toContain("还有 3 天");
    expect(text(warnings[0]?.payload)).toContain("/done");

    const overdueAt = new Date("2022-09-01T01:00:00Z");
    await run(
      due({
        job: "milestone",
        at: overdueAt,
        audience,
        leadership: true,
        milestones: [item(open, -1)],
      }),
    );
    const overdue = await rows(`milestone:ankang-eco-2022:${task.key}/${open.key}:-1`);
    expect(overdue.map((row) => row.recipient).sort()).toEqual(["-1001234567890", "512340031"]);
    expect(text(overdue[0]?.payload)).toContain("🔴");
  });

  it("lets an owner mark a milestone done with /done, and a leader reopen it, both audited", async () => {
    const sun = new ChatDriver({
      prisma: database.prisma,
      userId: "512340031",
      now: () => new Date("2022-08-30T02:00:00Z"),
    });
    await sun.command("done");
    expect(sun.text()).toContain("您负责的未完成节点");
    const [first] = (
      sun.lastReplies[0]?.kind === "message" ? (sun.lastReplies[0].buttons ?? []) : []
    ).flat();
    if (!first) throw new Error("no milestone button");
    await sun.choose(first.data);
    expect(sun.text()).toContain("已标记完成");
    expect(sun.text()).toContain("2022-08-30");
    await sun.choose(first.data);
    expect(sun.text()).toContain("已经标记完成了");

    const leader = new ChatDriver({
      prisma: database.prisma,
      userId: "512340001",
      now: () => new Date("2022-08-30T03:00:00Z"),
    });
    await leader.command("done");
    expect(leader.text()).toContain("重新打开");
    await leader.choose(first.data.replace(/^md\|/, "mr|"));
    expect(leader.text()).toContain("已重新打开");
    await sun.choose(first.data.replace(/^md\|/, "mr|"));
    expect(sun.text()).toContain("只有领导和管理员可以重新打开");
    const audit = await database.prisma.auditEvent.findMany({
      where: { entity: "milestone", action: { in: ["milestone.done", "milestone.reopened"] } },
      orderBy: { at: "asc" },
    });
    expect(audit.map((event) => [event.action, event.actor])).toEqual([
      ["milestone.done", "member:sun-hao"],
      ["milestone.reopened", "member:chen-jianguo"],
    ]);
  });

  it("keeps house: prunes old handled updates and button data, closes conversations past their close", async () => {
    const now = new Date("2022-07-01T19:00:00Z");
    await database.prisma.inboundUpdate.create({
      data: {
        platform: "telegram",
        updateKey: "ancient",
        handledAt: new Date("2022-06-01T00:00:00Z"),
      },
    });
    // 91 and 89 days before `now`: the first is past the 90 days, the second still tappable.
    await database.prisma.telegramButtonData.createMany({
      data: [
        { key: "~old", data: "o".repeat(100), sentAt: new Date("2022-04-01T19:00:00Z") },
        { key: "~recent", data: "r".repeat(100), sentAt: new Date("2022-04-03T19:00:00Z") },
      ],
    });
    // A sign-in link and a dashboard session that expired, and ones still valid.
    const member = await database.prisma.member.findFirstOrThrow();
    const lapse = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    await database.prisma.dashboardSignInLink.createMany({
      data: [
        { tokenHash: "link-expired", memberId: member.id, expiresAt: lapse(-1) },
        { tokenHash: "link-valid", memberId: member.id, expiresAt: lapse(10) },
      ],
    });
    await database.prisma.dashboardSession.createMany({
      data: [
        { tokenHash: "session-expired", memberId: member.id, expiresAt: lapse(-60) },
        { tokenHash: "session-valid", memberId: member.id, expiresAt: lapse(600) },
      ],
    });
    const result = await run(due({ job: "housekeeping", at: now }));
    expect(result.ran && result.outcome.details).toMatchObject({
      inboundUpdates: expect.any(Number),
      telegramButtons: 1,
      sessions: 2,
    });
    const links = await database.prisma.dashboardSignInLink.findMany({
      select: { tokenHash: true },
    });
    expect(links).toEqual([{ tokenHash: "link-valid" }]);
    const sessions = await database.prisma.dashboardSession.findMany({
      select: { tokenHash: true },
    });
    expect(sessions).toEqual([{ tokenHash: "session-valid" }]);
    expect(await database.prisma.inboundUpdate.count({ where: { updateKey: "ancient" } })).toBe(0);
    const buttons = await database.prisma.telegramButtonData.findMany({ select: { key: true } });
    expect(buttons).toEqual([{ key: "~recent" }]);
    expect(
      await database.prisma.conversation.count({
        where: { closedAt: null, expiresAt: { lt: now } },
      }),
    ).toBe(0);
  });
});
