import type { Prisma } from "../generated/prisma/client.js";

type Tx = Prisma.TransactionClient;

/** Where one owner stands on one task in a reporting period. */
export type OwnerTaskState = "submitted" | "late" | "skipped" | "draft" | "missing";

/** One owner of one active task, with this period's state. */
export interface OwnerTaskStatus {
  memberKey: string;
  memberName: string;
  unitName: string;
  unitPosition: string;
  taskNumber: number;
  taskTitle: string;
  state: OwnerTaskState;
  /** On leave on `onDay` (exemptUntil on or after it): not prompted, not counted missing. */
  onLeave: boolean;
}

interface Row {
  memberKey: string;
  memberName: string;
  unitName: string;
  unitKey: string;
  taskNumber: number;
  taskTitle: string;
  state: "draft" | "submitted" | "skipped" | null;
  late: boolean | null;
  onLeave: boolean;
}

/**
 * Every owner of every active task of a campaign, with their report's state for `period`:
 * one query, for the prompt, the reminders and the escalation at the close.
 */
export async function periodStatus(
  tx: Tx,
  options: { campaignId: string; period: string; onDay: string },
): Promise<OwnerTaskStatus[]> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT m."key" AS "memberKey", m."name" AS "memberName", u."name" AS "unitName",
           u."key" AS "unitKey", t."number" AS "taskNumber", t."title" AS "taskTitle",
           r."state"::text AS "state", r."late",
           (m."exemptUntil" IS NOT NULL AND m."exemptUntil" >= ${options.onDay}::date) AS "onLeave"
      FROM "TaskOwner" o
      JOIN "Task" t ON t."id" = o."taskId"
      JOIN "Member" m ON m."id" = o."memberId"
      JOIN "Unit" u ON u."id" = m."unitId"
      JOIN "CampaignMember" cm ON cm."campaignId" = t."campaignId" AND cm."memberId" = m."id"
      LEFT JOIN "Report" r ON r."taskId" = t."id" AND r."memberId" = m."id" AND r."period" = ${options.period}
     WHERE t."campaignId" = ${options.campaignId}::uuid AND t."archivedAt" IS NULL
       AND m."archivedAt" IS NULL AND cm."archivedAt" IS NULL
     ORDER BY u."position", u."key", m."key", t."number"`;
  return rows.map((row) => ({
    memberKey: row.memberKey,
    memberName: row.memberName,
    unitName: row.unitName,
    unitPosition: row.unitKey,
    taskNumber: row.taskNumber,
    taskTitle: row.taskTitle,
    state:
      row.state === null
        ? "missing"
        : row.state === "submitted" && row.late
          ? "late"
          : (row.state as OwnerTaskState),
    onLeave: row.onLeave,
  }));
}

/** Whether an owner still owes something this period (nothing submitted or skipped). */
export function stillOwes(state: OwnerTaskState): boolean {
  return state === "missing" || state === "draft";
}
