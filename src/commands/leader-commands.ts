import { z } from "zod";
import type { BoundSession } from "../chat/staff-commands.js";
import { textReply } from "../chat/text-reply.js";
import { BUTTON_DATA_MAX, LEADER_COMMANDS, type LeaderCommand } from "../core/incoming.js";
import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { CampaignRole } from "./campaign-roles.js";
import { type LeaderAccess, leaderAccess, loadLeaderView } from "./leader-access.js";
import {
  APPROVE_PREFIX,
  approveCommand,
  circularCommand,
  parseApproveData,
  parseQuarterArgument,
} from "./leader-circular.js";
import { dashboardCommand, type LeaderLinks } from "./leader-dashboard.js";
import { missingCommand, NUDGE_PREFIX, nudgeMissing, parseNudgeData } from "./leader-missing.js";
import {
  deadlinesCommand,
  digestCommand,
  statusCommand,
  typedTaskNumber,
} from "./leader-status.js";

type Tx = Prisma.TransactionClient;

/** Button data of "ask this about that campaign": `lc|<campaign id>|<command>|<argument>`. */
export const LEADER_CAMPAIGN_PREFIX = "lc|";

/** Every button a leader's command shows: choosing a campaign, nudging, approving. */
export const LEADER_CHOICE_PREFIXES = [LEADER_CAMPAIGN_PREFIX, NUDGE_PREFIX, APPROVE_PREFIX];

/** One letter per command in a campaign button. */
const CODES: Record<LeaderCommand, string> = {
  status: "s",
  missing: "m",
  deadlines: "d",
  digest: "g",
  circular: "c",
  dashboard: "b",
};
const COMMAND_OF = new Map(Object.entries(CODES).map(([name, code]) => [code, name]));

const ZCampaignChoice = z
  .string()
  .max(BUTTON_DATA_MAX)
  .regex(/^lc\|[0-9a-f-]{36}\|[a-z]\|[\x20-\x7e]*$/)
  .transform((data, ctx) => {
    const [campaignId = "", code = ""] = data.slice(LEADER_CAMPAIGN_PREFIX.length).split("|");
    const name = COMMAND_OF.get(code);
    if (!isLeaderCommand(name)) {
      ctx.addIssue({ code: "custom", message: "unknown command code" });
      return z.NEVER;
    }
    const args = data.slice(LEADER_CAMPAIGN_PREFIX.length + campaignId.length + code.length + 2);
    return { campaignId, name, args };
  });

/**
 * The data of a campaign button for a command: `lc|<campaign id>|<letter>|<argument>`, ASCII,
 * at most the core's `BUTTON_DATA_MAX`. A task number keeps its number (`第2项` → `2`); any
 * other argument keeps its printable ASCII, cut only if it would not fit (a platform adapter
 * carries data too long for its buttons itself, as Telegram's does over 64 bytes).
 */
export function campaignChoiceData(
  campaignId: string,
  command: { name: LeaderCommand; args: string },
): string {
  const head = `${LEADER_CAMPAIGN_PREFIX}${campaignId}|${CODES[command.name]}|`;
  const text = command.args.trim();
  const number = typedTaskNumber(text);
  const argument =
    number !== undefined
      ? String(number)
      : text.replace(/[^\x20-\x7e]/g, "").slice(0, BUTTON_DATA_MAX - head.length);
  return head + argument;
}

/** The campaign and command a campaign button names, or undefined for data that is not one. */
export function parseCampaignChoice(
  data: string,
): { campaignId: string; name: LeaderCommand; args: string } | undefined {
  const parsed = ZCampaignChoice.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** Whether a command name is one of the leaders'. */
export function isLeaderCommand(name: string | undefined): name is LeaderCommand {
  return (LEADER_COMMANDS as readonly string[]).includes(name ?? "");
}

/** Whether button data belongs to a leader's command. */
export function isLeaderChoice(data: string): boolean {
  return LEADER_CHOICE_PREFIXES.some((prefix) => data.startsWith(prefix));
}

/**
 * A leader's command, in a private chat or in a campaign's leadership group: refused politely
 * to a member who leads nothing, answered with campaign buttons to one who leads several
 * (but `/dashboard`, whose link opens every campaign the leader may see).
 */
export async function leaderCommand(
  tx: Tx,
  session: BoundSession,
  command: { name: LeaderCommand; args: string },
  links: LeaderLinks = {},
): Promise<Reply[]> {
  const access = await leaderAccess(tx, session);
  if (access.kind !== "one" && access.kind !== "choose") return refusal(session, access);
  if (command.name === "dashboard") return dashboardCommand(tx, session, links);
  if (command.name === "circular" && !parseQuarterArgument(command.args)) {
    return [textReply(session.tr("leader.circular.usage"))];
  }
  if (access.kind === "one") return runFor(tx, session, access.role, command, links);
  const buttons = access.roles.map((role) => [
    { label: role.campaignTitle, data: campaignChoiceData(role.campaignId, command) },
  ]);
  return [textReply(session.tr("leader.chooseCampaign"), buttons)];
}

/** A tap on one of the buttons of a leader's command; the sender's role is checked again. */
export async function leaderChoice(
  tx: Tx,
  session: BoundSession,
  data: string,
  links: LeaderLinks = {},
): Promise<Reply[]> {
  if (data.startsWith(NUDGE_PREFIX)) {
    const nudge = parseNudgeData(data);
    if (!nudge) return [textReply(session.tr("leader.choiceExpired"))];
    const access = await leaderAccess(tx, session, nudge.campaignId);
    if (access.kind !== "one") return refusal(session, access);
    const view = await loadLeaderView(tx, {
      role: access.role,
      now: session.now,
      week: nudge.week,
    });
    return nudgeMissing(tx, { session, view });
  }
  if (data.startsWith(APPROVE_PREFIX)) {
    const publicationId = parseApproveData(data);
    const publication = publicationId
      ? await tx.publication.findUnique({
          where: { id: publicationId },
          select: { id: true, campaignId: true, kind: true },
        })
      : null;
    if (publication?.kind !== "circular") {
      return [textReply(session.tr("leader.circular.notFound"))];
    }
    const access = await leaderAccess(tx, session, publication.campaignId);
    if (access.kind !== "one") return refusal(session, access);
    return approveCommand(tx, { session, role: access.role }, publication.id);
  }
  const choice = parseCampaignChoice(data);
  if (!choice) return [textReply(session.tr("leader.choiceExpired"))];
  const access = await leaderAccess(tx, session, choice.campaignId);
  if (access.kind !== "one") return refusal(session, access);
  return runFor(tx, session, access.role, choice, links);
}

/** Runs a command for one campaign the sender leads. */
async function runFor(
  tx: Tx,
  session: BoundSession,
  role: CampaignRole,
  command: { name: LeaderCommand; args: string },
  links: LeaderLinks = {},
): Promise<Reply[]> {
  if (command.name === "dashboard") return dashboardCommand(tx, session, links);
  if (command.name === "circular") {
    const quarter = parseQuarterArgument(command.args);
    if (!quarter) return [textReply(session.tr("leader.circular.usage"))];
    return circularCommand(tx, { session, role, quarter });
  }
  const view = await loadLeaderView(tx, { role, now: session.now });
  switch (command.name) {
    case "status":
      return statusCommand(session, view, command.args);
    case "missing":
      return missingCommand(session, view);
    case "deadlines":
      return deadlinesCommand(session, view);
    case "digest":
      return digestCommand(session, view);
  }
}

/** What a member hears who may not ask this: no campaign's name, nothing of its data. */
function refusal(session: BoundSession, access: LeaderAccess): Reply[] {
  if (access.kind === "notLeader") return [textReply(session.tr("leader.notLeader"))];
  if (access.kind === "notThisGroup") return [textReply(session.tr("leader.notThisGroup"))];
  return [textReply(session.tr("leader.notAllowed"))];
}
