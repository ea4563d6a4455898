import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { campaignFileText, exportCampaign } from "../../src/campaigns/export-campaign.js";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { CampaignImportError } from "../../src/campaigns/import/import-error.js";
import { locateCampaignPaths } from "../../src/campaigns/parse-campaign-file.js";
import type { Database } from "../../src/db/open-database.js";
import { loadSummaryInput } from "../../src/summaries/load-summary-input.js";
import {
  loadCampaignFile,
  PRODUCT_EXAMPLE,
  parseCampaignText,
  REFERENCE_EXAMPLE,
} from "../support/campaign-files.js";
import { createTestDatabase, TEST_DATABASE_KIND, tableCounts } from "../support/test-database.js";

const EXPORTED_AT = new Date("2026-01-01T00:00:00Z");

describe(`campaign import and export (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let reference: CampaignFile;

  beforeAll(async () => {
    database = await createTestDatabase();
    reference = loadCampaignFile(REFERENCE_EXAMPLE);
  });
  afterAll(async () => {
    await database?.close();
  });

  const importFile = (file: CampaignFile, dryRun = false) =>
    importCampaign({ prisma: database.prisma, file, dryRun });
  const exportText = async (campaignId: string) =>
    campaignFileText(await exportCampaign({ prisma: database.prisma, campaignId }), EXPORTED_AT);

  async function wipe(): Promise<void> {
    const p = database.prisma;
    await p.auditEvent.deleteMany();
    await p.publicationPost.deleteMany();
    await p.publication.deleteMany();
    await p.metricValue.deleteMany();
    await p.reportRevision.deleteMany();
    await p.report.deleteMany();
    await p.conversation.deleteMany();
    await p.invite.deleteMany();
    await p.chatIdentity.deleteMany();
    await p.taskOwner.deleteMany();
    await p.metric.deleteMany();
    await p.milestone.deleteMany();
    await p.task.deleteMany();
    await p.deadline.deleteMany();
    await p.calendarDay.deleteMany();
    await p.channel.deleteMany();
    await p.campaignMember.deleteMany();
    await p.campaign.deleteMany();
    await p.member.deleteMany();
    await p.unit.updateMany({ data: { parentId: null } });
    await p.unit.deleteMany();
  }
  beforeEach(wipe);

  it("keeps the units in the file's order, for the summaries' lists by unit and the export", async () => {
    const { campaignId } = await importFile(reference);
    const input = await loadSummaryInput(database.prisma, { campaignId, periods: [] });
    const fileOrder = reference.units.map((unit) => unit.key);
    expect(input.units.map((unit) => unit.key)).toEqual(fileOrder);
    const exported = await exportCampaign({ prisma: database.prisma, campaignId });
    expect(exported.units.map((unit) => unit.key)).toEqual(fileOrder);
  });

  it("keeps each member's role per campaign: a leader of one campaign reports in another", async () => {
    const first = await importFile(reference);
    const second = structuredClone(reference);
    second.campaign.key = "second-campaign";
    for (const member of second.members) {
      if (member.key === "zhang-wei") member.role = "leader";
      if (member.key === "wang-haiyan") {
        member.role = "staff";
        delete member.scope;
      }
    }
    const other = await importFile(second);
    const roleOf = (campaignId: string, key: string) =>
      database.prisma.campaignMember.findFirstOrThrow({
        where: { campaignId, member: { key } },
        select: { role: true, scope: true },
      });
    expect(await roleOf(first.campaignId, "zhang-wei")).toEqual({ role: "staff", scope: null });
    expect(await roleOf(other.campaignId, "zhang-wei")).toEqual({ role: "leader", scope: null });
    expect(await roleOf(first.campaignId, "wang-haiyan")).toEqual({
      role: "leader",
      scope: { tasks: ["clear-water", "clean-soil"], units: [] },
    });
    expect(await roleOf(other.campaignId, "wang-haiyan")).toEqual({ role: "staff", scope: null });
    // Importing the second file again changes nothing in the first.
    await importFile(second);
    expect(await roleOf(first.campaignId, "zhang-wei")).toEqual({ role: "staff", scope: null });
    const exported = await exportText(first.campaignId);
    expect(exported).toContain("scope:");
    expect(exported).toContain("reportedBy: lead_owner");
    expect(exported).toContain("span: cumulative");
    expect(exported).toContain("baseline: 34");
  });

  it("keeps a member's preferred platform per campaign and exports it back", async () => {
    const onBoth = (file: CampaignFile, key: string, prefer?: "telegram" | "slack") => {
      const copy = structuredClone(file);
      copy.campaign.key = key;
      for (const member of copy.members) {
        if (member.key !== "zhang-wei") continue;
        member.slack = "U0ZHANGWEI";
        if (prefer) member.prefer = prefer;
      }
      return copy;
    };
    const first = onBoth(reference, reference.campaign.key, "slack");
    const second = onBoth(reference, "second-campaign", "telegram");
    const { campaignId } = await importFile(first);
    const other = await importFile(second);
    const preferenceOf = async (id: string) =>
      (
        await database.prisma.campaignMember.findFirstOrThrow({
          where: { campaignId: id, member: { key: "zhang-wei" } },
        })
      ).preferredPlatform;
    expect(await preferenceOf(campaignId)).toBe("slack");
    expect(await preferenceOf(other.campaignId)).toBe("telegram");

    const exported = await exportText(campaignId);
    expect(exported).toContain("prefer: slack");
    const reparsed = parseCampaignText(exported, "exported.yaml");
    expect(reparsed.members.find((member) => member.key === "zhang-wei")).toEqual(
      first.members.find((member) => member.key === "zhang-wei"),
    );
    expect((await importFile(reparsed)).changes).toBe(0);

    // Left out of the file, the preference goes: the account used last wins again.
    const without = await importFile(onBoth(reference, reference.campaign.key));
    expect(without.counts.membership.updated).toBe(1);
    expect(await preferenceOf(campaignId)).toBeNull();
    expect(await preferenceOf(other.campaignId)).toBe("telegram");
    expect(await exportText(campaignId)).not.toContain("prefer:");
  });

  it("imports the reference campaign twice with identical counts and an identical export", async () => {
    const first = await importFile(reference);
    expect(first.changes).toBeGreaterThan(50);
    expect(first.counts.task.created).toBe(6);
    const countsAfterFirst = await tableCounts(database);
    const exportAfterFirst = await exportText(first.campaignId);

    const second = await importFile(reference);
    expect(second.changes).toBe(0);
    expect(second.campaignId).toBe(first.campaignId);
    expect(await tableCounts(database)).toEqual(countsAfterFirst);
    expect(await exportText(first.campaignId)).toBe(exportAfterFirst);
  });

  it("exports a file that imports back to the same state", async () => {
    const { campaignId } = await importFile(reference);
    const exported = await exportText(campaignId);
    const reparsed = parseCampaignText(exported, "exported.yaml");
    // Same content; units come out parents first, then by key.
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect({ ...reparsed, units: [...reparsed.units].sort(byKey) }).toEqual({
      ...reference,
      units: [...reference.units].sort(byKey),
    });
    const counts = await tableCounts(database);
    expect((await importFile(reparsed)).changes).toBe(0);
    expect(await tableCounts(database)).toEqual(counts);
    expect(await exportText(campaignId)).toBe(exported);
  });

  it("a dry run reports the changes and writes nothing", async () => {
    const empty = await tableCounts(database);
    const dry = await importFile(reference, true);
    expect(dry.dryRun).toBe(true);
    expect(dry.counts.member.created).toBe(reference.members.length);
    expect(await tableCounts(database)).toEqual(empty);
    const real = await importFile(reference);
    expect(real.counts).toEqual(dry.counts);
  });

  it("updates an edited file in place, keeping ids", async () => {
    const { campaignId } = await importFile(reference);
    const taskBefore = await database.prisma.task.findUniqueOrThrow({
      where: { campaignId_key: { campaignId, key: "blue-sky" } },
      include: { metrics: true },
    });
    const edited = structuredClone(reference);
    const task = edited.tasks[0];
    if (!task) throw new Error("the reference has tasks");
    task.title = "着力解决大气质量问题，打好蓝天保卫战（修订）";
    task.metrics.push({
      key: "dust-sites",
      name: "扬尘工地检查",
      unit: "个",
      aggregation: "sum",
      kind: "count",
      reportedBy: "every_owner",
      span: "weekly",
      optional: true,
    });
    task.owners = ["li-na"];
    edited.schedule.close = { day: "monday", time: "18:00" };

    const result = await importFile(edited);
    expect(result.counts.task).toMatchObject({ updated: 1, created: 0, archived: 0 });
    expect(result.counts.metric.created).toBe(1);
    expect(result.counts.owner).toMatchObject({ deleted: 1 });
    expect(result.counts.campaign.updated).toBe(1);

    const taskAfter = await database.prisma.task.findUniqueOrThrow({
      where: { id: taskBefore.id },
      include: { metrics: true, owners: { include: { member: true } } },
    });
    expect(taskAfter.title).toBe(task.title);
    expect(taskAfter.owners.map((owner) => owner.member.key)).toEqual(["li-na"]);
    for (const metric of taskBefore.metrics) {
      expect(taskAfter.metrics.find((m) => m.key === metric.key)?.id).toBe(metric.id);
    }
    const audit = await database.prisma.auditEvent.findFirstOrThrow({
      where: { entity: "task", entityId: taskBefore.id, action: "campaign.import.updated" },
    });
    expect(audit.before).toEqual({ title: taskBefore.title });
    expect(audit.after).toEqual({ title: task.title });
  });

  it("writes metric kinds and bounds, audits changes to them, and exports them back", async () => {
    const { campaignId } = await importFile(reference);
    const p = database.prisma;
    const metricOf = (key: string) =>
      p.metric.findFirstOrThrow({ where: { key, task: { campaignId } } });
    const days = await metricOf("good-air-days");
    expect(days).toMatchObject({ kind: "count", minValue: null });
    expect(days.maxValue?.toString()).toBe("366");
    expect(await metricOf("slag-removed")).toMatchObject({ kind: "amount" });
    expect(await metricOf("water-quality-index")).toMatchObject({ kind: "index" });

    // A row written before kinds existed has the column's default, amount.
    const fires = await metricOf("fire-points");
    await p.metric.update({ where: { id: fires.id }, data: { kind: "amount" } });
    const edited = structuredClone(reference);
    const metrics = edited.tasks.flatMap((task) => task.metrics);
    const pm25 = metrics.find((metric) => metric.key === "pm25");
    const goodDays = metrics.find((metric) => metric.key === "good-air-days");
    if (!pm25 || !goodDays) throw new Error("the reference has both");
    Object.assign(pm25, { min: 0.5, max: 500 });
    goodDays.max = 181;
    const result = await importFile(edited);
    expect(result.counts.metric).toMatchObject({ updated: 3, created: 0 });

    const auditOf = (entityId: string) =>
      p.auditEvent.findFirstOrThrow({
        where: { entity: "metric", entityId, action: "campaign.import.updated" },
      });
    expect(await auditOf(fires.id)).toMatchObject({
      before: { kind: "amount" },
      after: { kind: "count" },
    });
    expect(await auditOf(days.id)).toMatchObject({
      before: { maxValue: 366 },
      after: { maxValue: 181 },
    });
    const pm25Row = await metricOf("pm25");
    expect(await auditOf(pm25Row.id)).toMatchObject({
      before: { minValue: null, maxValue: null },
      after: { minValue: 0.5, maxValue: 500 },
    });
    expect([pm25Row.minValue?.toString(), pm25Row.maxValue?.toString()]).toEqual(["0.5", "500"]);

    const exported = parseCampaignText(await exportText(campaignId));
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect({ ...exported, units: [...exported.units].sort(byKey) }).toEqual({
      ...edited,
      units: [...edited.units].sort(byKey),
    });
    expect((await importFile(exported)).changes).toBe(0);
  });

  it("exports the product example's kinds and negative bounds so that it imports unchanged", async () => {
    const product = loadCampaignFile(PRODUCT_EXAMPLE);
    const { campaignId } = await importFile(product);
    const text = await exportText(campaignId);
    expect(text).toContain("kind: index");
    expect(text).toContain("min: -100");
    const exported = parseCampaignText(text);
    const nps = exported.tasks.flatMap((task) => task.metrics).find((m) => m.key === "nps");
    expect(nps).toMatchObject({ kind: "index", min: -100, max: 100, target: 40 });
    const counts = await tableCounts(database);
    expect((await importFile(exported)).changes).toBe(0);
    expect((await importFile(product)).changes).toBe(0);
    expect(await tableCounts(database)).toEqual(counts);
  });

  it("archives a removed task and member with their reports kept, and restores them", async () => {
    const { campaignId } = await importFile(reference);
    const p = database.prisma;
    const task = await p.task.findUniqueOrThrow({
      where: { campaignId_key: { campaignId, key: "governance" } },
      include: { metrics: true },
    });
    const member = await p.member.findUniqueOrThrow({ where: { key: "huang-lei" } });
    const metric = task.metrics[0];
    if (!metric) throw new Error("governance has metrics");
    const report = await p.report.create({
      data: {
        campaignId,
        taskId: task.id,
        memberId: member.id,
        period: "2022-W23",
        periodStart: new Date("2022-06-06"),
        periodEnd: new Date("2022-06-12"),
        state: "submitted",
        progressItems: ["开展非现场执法148次"],
        metricValues: { create: { metricId: metric.id, value: 148, rawText: "148次" } },
      },
    });

    const edited = structuredClone(reference);
    edited.tasks = edited.tasks.filter((t) => t.key !== "governance");
    edited.members = edited.members.filter((m) => m.key !== "huang-lei");
    const result = await importFile(edited);
    expect(result.counts.task.archived).toBe(1);
    expect(result.counts.membership.archived).toBe(1);
    expect(result.counts.member.archived).toBe(1);

    expect((await p.task.findUniqueOrThrow({ where: { id: task.id } })).archivedAt).not.toBeNull();
    expect(await p.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
      taskId: task.id,
      memberId: member.id,
    });
    expect(await p.metricValue.count({ where: { reportId: report.id } })).toBe(1);
    const exported = parseCampaignText(await exportText(campaignId));
    expect(exported.tasks.map((t) => t.key)).not.toContain("governance");
    expect(exported.members.map((m) => m.key)).not.toContain("huang-lei");
    expect((await importFile(edited)).changes).toBe(0);

    const restored = await importFile(reference);
    expect(restored.counts.task.restored).toBe(1);
    expect(restored.counts.membership.restored).toBe(1);
    expect(restored.counts.member.restored).toBe(1);
    expect((await p.task.findUniqueOrThrow({ where: { id: task.id } })).archivedAt).toBeNull();
  });

  it("keeps two campaigns apart and shares a person between them", async () => {
    const product = loadCampaignFile(PRODUCT_EXAMPLE);
    await importFile(reference);
    const shared = structuredClone(product);
    const zhaoMin = reference.members.find((m) => m.key === "zhao-min");
    if (!zhaoMin) throw new Error("the reference has zhao-min");
    shared.members.push({ ...zhaoMin, unit: shared.members[0]?.unit ?? "" });
    const second = await importFile(shared);
    expect(second.counts.member.created).toBe(product.members.length);

    // Leaving one campaign archives the membership, not the person.
    const without = structuredClone(reference);
    without.members = without.members.filter((m) => m.key !== "zhao-min");
    for (const task of without.tasks) task.owners = task.owners.filter((o) => o !== "zhao-min");
    const result = await importFile(without);
    expect(result.counts.membership.archived).toBe(1);
    expect(result.counts.member.archived).toBe(0);
    const person = await database.prisma.member.findUniqueOrThrow({ where: { key: "zhao-min" } });
    expect(person.archivedAt).toBeNull();
  });

  it("refuses a chat account bound to another member, naming the line, and writes nothing", async () => {
    await importFile(reference);
    const counts = await tableCounts(database);
    // 李娜 is given the Telegram id that 张伟 holds in the database; the file itself is valid.
    const edited = structuredClone(reference);
    const zhangWei = edited.members.find((m) => m.key === "zhang-wei");
    const liNaIndex = edited.members.findIndex((m) => m.key === "li-na");
    const liNa = edited.members[liNaIndex];
    if (!zhangWei?.telegram || !liNa) throw new Error("the reference has both");
    liNa.telegram = zhangWei.telegram;
    delete zhangWei.telegram;
    const text = stringify(edited);
    expect(parseCampaignText(text)).toEqual(edited);

    const error = await importFile(edited).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CampaignImportError);
    const conflicts = (error as CampaignImportError).conflicts;
    expect(conflicts).toEqual([
      {
        path: ["members", liNaIndex, "telegram"],
        code: "campaign.errors.identityBoundElsewhere",
        params: { platform: "telegram", id: liNa.telegram, member: "zhang-wei" },
      },
    ]);
    const [located] = locateCampaignPaths({ text, fileName: "c.yaml", errors: conflicts });
    expect(text.split("\n")[(located?.line ?? 0) - 1]).toContain(`telegram: "${liNa.telegram}"`);
    expect(await tableCounts(database)).toEqual(counts);
  });
});
