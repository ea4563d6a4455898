import { type CampaignContext, loadCampaignContext } from "../chat/campaign-context.js";
import { decimalText } from "../db/decimal-text.js";
import type { MetricKind } from "../domain/metric-value-rules.js";
import type { Prisma } from "../generated/prisma/client.js";
import { type StepRules, stepRules } from "../reporting/report-steps.js";

type Tx = Prisma.TransactionClient;

/** A metric as an imported row is checked against it. */
export interface ImportMetric {
  id: string;
  key: string;
  name: string;
  unit?: string;
  kind: MetricKind;
  min?: string;
  max?: string;
  optional: boolean;
  /** Only the task's lead owner (listed first) reports it. */
  leadOwnerOnly: boolean;
}

/** An active task of the campaign, with who may report on it. */
export interface ImportTask {
  id: string;
  key: string;
  number: number;
  /** Keys of the owners who can report: neither the person nor the membership archived. */
  activeOwnerKeys: string[];
  /** The first listed owner, who alone reports `lead_owner` metrics (as the chat asks them). */
  leadOwnerKey: string | undefined;
  metrics: ImportMetric[];
}

/** What validating a reports file needs of its campaign, read once. */
export interface ImportCampaign {
  context: CampaignContext;
  tasks: ReadonlyMap<string, ImportTask>;
  /** Member key → id, for every member of the database (a key the campaign lacks is `notOwner`). */
  memberIds: ReadonlyMap<string, string>;
  /** Every metric key of the campaign's active tasks. */
  metricKeys: ReadonlySet<string>;
  rules: StepRules;
}

/** Loads the campaign's active tasks, owners, metrics and question rules. */
export async function loadImportCampaign(tx: Tx, campaignId: string): Promise<ImportCampaign> {
  const context = await loadCampaignContext(tx, campaignId);
  const rows = await tx.task.findMany({
    where: { campaignId, archivedAt: null },
    orderBy: { number: "asc" },
    include: {
      metrics: { where: { archivedAt: null }, orderBy: { position: "asc" } },
      owners: {
        orderBy: { position: "asc" },
        include: {
          member: {
            select: {
              key: true,
              archivedAt: true,
              memberships: { where: { campaignId }, select: { archivedAt: true } },
            },
          },
        },
      },
    },
  });
  const members = await tx.member.findMany({ select: { id: true, key: true } });
  const tasks = new Map<string, ImportTask>();
  for (const task of rows) {
    tasks.set(task.key, {
      id: task.id,
      key: task.key,
      number: task.number,
      activeOwnerKeys: task.owners
        .filter(
          ({ member }) =>
            member.archivedAt === null &&
            member.memberships.some((membership) => membership.archivedAt === null),
        )
        .map(({ member }) => member.key),
      leadOwnerKey: task.owners[0]?.member.key,
      metrics: task.metrics.map((metric) => ({
        id: metric.id,
        key: metric.key,
        name: metric.name,
        ...(metric.unit ? { unit: metric.unit } : {}),
        kind: metric.kind,
        ...(metric.minValue !== null ? { min: decimalText(metric.minValue) } : {}),
        ...(metric.maxValue !== null ? { max: decimalText(metric.maxValue) } : {}),
        optional: metric.optional,
        leadOwnerOnly: metric.reportedBy === "lead_owner",
      })),
    });
  }
  return {
    context,
    tasks,
    memberIds: new Map(members.map((member) => [member.key, member.id])),
    metricKeys: new Set(rows.flatMap((task) => task.metrics.map((metric) => metric.key))),
    rules: stepRules(context.questions),
  };
}
