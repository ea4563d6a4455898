import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { loadCampaignContext } from "../../src/chat/campaign-context.js";
import type { Database } from "../../src/db/open-database.js";
import type { SnapshotMetric, TaskAnswers } from "../../src/reporting/report-conversation-state.js";
import type { ReportingPeriod } from "../../src/reporting/reporting-period.js";
import { submitReport } from "../../src/reports/save-report.js";
import { scheduledPeriodAt } from "../../src/scheduling/scheduled-period.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 of the reference campaign is open.
const FRIDAY = new Date("2022-06-10T02:00:00Z");

/** A submission writes the report, its figures, its revision, its audit event and the
 * digests' stale mark in one statement: all of them, and again as a correction. */
describe(`submitting a report (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let target: { campaignId: string; taskId: string; memberId: string; period: ReportingPeriod };
  let metrics: SnapshotMetric[];
  beforeAll(async () => {
    database = await createTestDatabase();
    const { prisma } = database;
    await importCampaign({ prisma, file: loadCampaignFile(REFERENCE_EXAMPLE) });
    const task = await prisma.task.findFirstOrThrow({
      where: { metrics: { some: {} }, owners: { some: {} } },
      include: { metrics: { orderBy: { key: "asc" } }, owners: true },
    });
    const campaign = await prisma.$transaction((tx) => loadCampaignContext(tx, task.campaignId));
    const owner = task.owners[0];
    if (!owner || task.metrics.length < 2) throw new Error("the reference task changed");
    target = {
      campaignId: task.campaignId,
      taskId: task.id,
      memberId: owner.memberId,
      period: scheduledPeriodAt({ now: FRIDAY, ...campaign }),
    };
    metrics = task.metrics.map((metric) => ({
      metricId: metric.id,
      name: metric.name,
      optional: false,
    }));
    await prisma.publication.create({
      data: {
        campaignId: task.campaignId,
        kind: "digest",
        period: target.period.week.id,
        version: 1,
        state: "issued",
        content: {},
        contentHash: "x",
      },
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  const answers = (figures: Record<string, string>): TaskAnswers => ({
    progressItems: ["巡查"],
    metrics: Object.fromEntries(
      Object.entries(figures).map(([metricId, value]) => [metricId, { value, raw: value }]),
    ),
    health: "on_track",
    problems: null,
    nextSteps: "继续",
  });
  const submit = (figures: Record<string, string>, now = FRIDAY) =>
    database.prisma.$transaction((tx) =>
      submitReport(tx, { ...target, answers: answers(figures), metrics, now, actor: "test" }),
    );
  const stored = () =>
    database.prisma.report.findUniqueOrThrow({
      where: {
        taskId_memberId_period: {
          taskId: target.taskId,
          memberId: target.memberId,
          period: target.period.week.id,
        },
      },
      include: { metricValues: true, revisions: { orderBy: { revision: "asc" } } },
    });

  it("writes the report with its figures, revision, audit event and stale digest", async () => {
    const [first, second] = metrics as [SnapshotMetric, SnapshotMetric];
    const submission = await submit({ [first.metricId]: "3", [second.metricId]: "4.5" });
    expect(submission).toMatchObject({ revision: 1, correction: false, late: false });
    const report = await stored();
    expect(report).toMatchObject({ state: "submitted", revision: 1, nextSteps: "继续" });
    expect(report.submittedAt?.getTime()).toBe(FRIDAY.getTime());
    expect(report.metricValues.map((v) => [v.metricId, Number(v.value.toString())]).sort()).toEqual(
      [
        [first.metricId, 3],
        [second.metricId, 4.5],
      ].sort(),
    );
    expect(report.revisions.map((r) => r.revision)).toEqual([1]);
    const audit = await database.prisma.auditEvent.findMany({ where: { entityId: report.id } });
    expect(audit.map((event) => event.action)).toEqual(["report.submitted"]);
    const digest = await database.prisma.publication.findFirstOrThrow({
      where: { kind: "digest" },
    });
    expect(digest.staleSince?.getTime()).toBe(FRIDAY.getTime());
  });

  it("corrects it as a new revision: a figure dropped, one changed, the first submission kept", async () => {
    const [first] = metrics as [SnapshotMetric, SnapshotMetric];
    const later = new Date(FRIDAY.getTime() + 3_600_000);
    const submission = await submit({ [first.metricId]: "7" }, later);
    expect(submission).toMatchObject({ revision: 2, correction: true, late: false });
    const report = await stored();
    expect(report.revision).toBe(2);
    expect(report.submittedAt?.getTime()).toBe(FRIDAY.getTime());
    expect(report.revisedAt?.getTime()).toBe(later.getTime());
    expect(report.metricValues.map((v) => [v.metricId, Number(v.value.toString())])).toEqual([
      [first.metricId, 7],
    ]);
    expect(report.revisions.map((r) => r.revision)).toEqual([1, 2]);
    const audit = await database.prisma.auditEvent.findMany({
      where: { entityId: report.id },
      orderBy: { at: "asc" },
    });
    expect(audit.map((event) => event.action)).toEqual(["report.submitted", "report.revised"]);
  });

  it("leaves nothing of a submission whose transaction fails", async () => {
    const [first] = metrics as [SnapshotMetric, SnapshotMetric];
    await expect(
      database.prisma.$transaction(async (tx) => {
        await submitReport(tx, {
          ...target,
          answers: answers({ [first.metricId]: "9" }),
          metrics,
          now: FRIDAY,
          actor: "test",
        });
        throw new Error("crash after the submission");
      }),
    ).rejects.toThrow("crash after the submission");
    const report = await stored();
    expect(report.revision).toBe(2);
    expect(report.metricValues.map((v) => Number(v.value.toString()))).toEqual([7]);
  });
});
