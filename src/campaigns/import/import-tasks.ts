import { dateColumn, optionalDateColumn } from "../../db/calendar-date.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { CampaignFile, CampaignTask } from "../campaign-file-schema.js";
import type { ChangeLog } from "./change-log.js";
import { syncRows } from "./sync-rows.js";

type Tx = Prisma.TransactionClient;

/** Tasks with their owners, metrics and milestones; a task left out is archived, not deleted. */
export async function importTasks(
  tx: Tx,
  options: {
    campaignId: string;
    file: CampaignFile;
    unitIds: Map<string, string>;
    memberIds: Map<string, string>;
    log: ChangeLog;
  },
) {
  const { campaignId, file, unitIds, log } = options;
  const now = new Date();
  const taskIds = await syncRows({
    entity: "task",
    log,
    existing: await tx.task.findMany({ where: { campaignId } }),
    keyOf: (row) => row.key,
    desired: file.tasks.map((task) => ({
      key: task.key,
      data: {
        key: task.key,
        number: task.number,
        title: task.title,
        description: task.description ?? null,
        leadUnitId: unitIds.get(task.leadUnit) ?? null,
      },
    })),
    create: (data) => tx.task.create({ data: { ...data, campaignId } }),
    update: (id, data) => tx.task.update({ where: { id }, data }),
    onMissing: { archive: (id) => tx.task.update({ where: { id }, data: { archivedAt: now } }) },
  });
  for (const task of file.tasks) {
    const taskId = taskIds.get(task.key) ?? "";
    await importOwners(tx, { taskId, task, memberIds: options.memberIds, log });
    await importMetrics(tx, { taskId, task, log, now });
    await importMilestones(tx, { taskId, task, log, now });
  }
  return taskIds;
}

async function importOwners(
  tx: Tx,
  options: { taskId: string; task: CampaignTask; memberIds: Map<string, string>; log: ChangeLog },
) {
  const { taskId, task, memberIds, log } = options;
  const existing = await tx.taskOwner.findMany({ where: { taskId } });
  const where = (memberId: string) => ({ taskId_memberId: { taskId, memberId } });
  await syncRows({
    entity: "owner",
    log,
    existing: existing.map((row) => ({ ...row, id: row.memberId })),
    keyOf: (row) => row.memberId,
    desired: task.owners.map((ownerKey, position) => {
      const memberId = memberIds.get(ownerKey) ?? "";
      return { key: memberId, data: { memberId, position } };
    }),
    create: async (data) => {
      await tx.taskOwner.create({ data: { ...data, taskId } });
      return { id: data.memberId };
    },
    update: (memberId, data) => tx.taskOwner.update({ where: where(memberId), data }),
    // Ownership is a plain link; reports keep their own member and task.
    onMissing: { remove: (memberId) => tx.taskOwner.delete({ where: where(memberId) }) },
  });
}

async function importMetrics(
  tx: Tx,
  options: { taskId: string; task: CampaignTask; log: ChangeLog; now: Date },
) {
  const { taskId, task, log, now } = options;
  await syncRows({
    entity: "metric",
    log,
    existing: await tx.metric.findMany({ where: { taskId } }),
    keyOf: (row) => row.key,
    desired: task.metrics.map((metric, position) => ({
      key: metric.key,
      data: {
        key: metric.key,
        name: metric.name,
        unit: metric.unit ?? null,
        aggregation: metric.aggregation,
        kind: metric.kind,
        minValue: metric.min ?? null,
        maxValue: metric.max ?? null,
        direction: metric.direction ?? null,
        target: metric.target ?? null,
        baseline: metric.baseline ?? null,
        reportedBy: metric.reportedBy,
        span: metric.span,
        optional: metric.optional,
        description: metric.description ?? null,
        position,
      },
    })),
    create: (data) => tx.metric.create({ data: { ...data, taskId } }),
    update: (id, data) => tx.metric.update({ where: { id }, data }),
    onMissing: { archive: (id) => tx.metric.update({ where: { id }, data: { archivedAt: now } }) },
  });
}

async function importMilestones(
  tx: Tx,
  options: { taskId: string; task: CampaignTask; log: ChangeLog; now: Date },
) {
  const { taskId, task, log, now } = options;
  await syncRows({
    entity: "milestone",
    log,
    existing: await tx.milestone.findMany({ where: { taskId } }),
    keyOf: (row) => row.key,
    desired: task.milestones.map((milestone, position) => ({
      key: milestone.key,
      data: {
        key: milestone.key,
        title: milestone.title,
        dueOn: dateColumn(milestone.due),
        doneOn: optionalDateColumn(milestone.done),
        position,
      },
    })),
    create: (data) => tx.milestone.create({ data: { ...data, taskId } }),
    update: (id, data) => tx.milestone.update({ where: { id }, data }),
    onMissing: {
      archive: (id) => tx.milestone.update({ where: { id }, data: { archivedAt: now } }),
    },
  });
}
