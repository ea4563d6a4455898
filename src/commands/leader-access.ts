import { type CampaignContext, loadCampaignContext } from "../chat/campaign-context.js";
import type { BoundSession } from "../chat/staff-commands.js";
import { visibleTaskKeys } from "../domain/leader-scope.js";
import { quarterOfWeek, weeksInQuarter, zonedParts } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { ReportingPeriod } from "../reporting/reporting-period.js";
import { scheduledPeriodAt } from "../scheduling/scheduled-period.js";
import { loadSummaryInput } from "../summaries/load-summary-input.js";
import type { SummaryInput } from "../summaries/summary-input.js";
import { type CampaignRole, leadingRoles } from "./campaign-roles.js";

type Tx = Prisma.TransactionClient;

/**
 * Which campaign a leader's command is about, as far as the sender may ask:
 * - `notLeader`: they lead no campaign (or not the one a button names);
 * - `notThisGroup`: asked in a group that is not the leadership group of a campaign they lead;
 * - `notAllowed`: a button names a campaign they do not lead (here);
 * - `choose`: they lead several, and must say which;
 * - `one`: the campaign, with their role and scope in it.
 */
export type LeaderAccess =
  | { kind: "notLeader" }
  | { kind: "notThisGroup" }
  | { kind: "notAllowed" }
  | { kind: "choose"; roles: CampaignRole[] }
  | { kind: "one"; role: CampaignRole };

/**
 * The campaigns the sender may ask about here: those they lead or administer, and in a group
 * only those whose leadership group it is (checked by the sender's identity, not by the group:
 * being in the group is not enough). With `campaignId` (from a button) just that one.
 */
export async function leaderAccess(
  tx: Tx,
  session: BoundSession,
  campaignId?: string,
): Promise<LeaderAccess> {
  let roles = await leadingRoles(tx, session.member.id);
  if (roles.length === 0) return { kind: "notLeader" };
  const { incoming } = session;
  if (incoming.chat.kind === "group") {
    const channels = await tx.channel.findMany({
      where: {
        platform: incoming.platform,
        chatId: incoming.chat.id,
        purpose: "leadership",
        archivedAt: null,
      },
      select: { campaignId: true },
    });
    const here = new Set(channels.map((channel) => channel.campaignId));
    roles = roles.filter((role) => here.has(role.campaignId));
    if (roles.length === 0) return { kind: "notThisGroup" };
  }
  if (campaignId !== undefined) {
    const role = roles.find((candidate) => candidate.campaignId === campaignId);
    return role ? { kind: "one", role } : { kind: "notAllowed" };
  }
  const [only] = roles;
  if (only && roles.length === 1) return { kind: "one", role: only };
  return { kind: "choose", roles };
}

/** What a leader's command reads of one campaign: the current week, the data, what they may see. */
export interface LeaderView {
  role: CampaignRole;
  campaign: CampaignContext;
  /** The current reporting week (its prompt has passed), with its close. */
  period: ReportingPeriod;
  week: string;
  /** Today in the campaign's time zone, `YYYY-MM-DD`. */
  today: string;
  input: SummaryInput;
  /** Keys of the tasks the leader may see: all for admins and unscoped leaders. */
  visible: Set<string>;
}

/**
 * Loads a leader's view of a campaign at `now`: the current reporting week and the weeks of its
 * quarter before it (for trends and history), and the tasks their 分管 scope lets them see.
 */
export async function loadLeaderView(
  tx: Tx,
  options: { role: CampaignRole; now: Date; week?: string },
): Promise<LeaderView> {
  const { role, now } = options;
  const campaign = await loadCampaignContext(tx, role.campaignId);
  const period = scheduledPeriodAt({ now, ...campaign });
  const week = options.week ?? period.week.id;
  const quarterWeeks = weeksInQuarter(quarterOfWeek(week));
  const periods = quarterWeeks.map((candidate) => candidate.id).filter((id) => id <= week);
  if (!periods.includes(week)) periods.push(week);
  const input = await loadSummaryInput(tx, { campaignId: role.campaignId, periods });
  return {
    role,
    campaign,
    period,
    week,
    today: zonedParts(now, campaign.timeZone).date,
    input,
    visible: visibleTaskKeys(role, input.tasks, input.units),
  };
}

/** Whether the leader sees the whole campaign (an admin, or a leader without a 分管 scope). */
export function seesWholeCampaign(role: CampaignRole): boolean {
  return role.role === "admin" || (role.role === "leader" && !role.scope);
}

/** The summary input restricted to the tasks the leader may see. */
export function visibleInput(view: LeaderView): SummaryInput {
  const { input, visible } = view;
  return {
    ...input,
    tasks: input.tasks.filter((task) => visible.has(task.key)),
    reports: input.reports.filter((report) => visible.has(report.taskKey)),
    expected: input.expected.filter((expected) => visible.has(expected.taskKey)),
  };
}
