import { z } from "zod";
import type { ChatSession } from "../chat/chat-session.js";
import { textReply } from "../chat/text-reply.js";
import type { Reply } from "../core/reply.js";
import { parseQuarterId } from "../domain/periods.js";
import type { Prisma } from "../generated/prisma/client.js";
import { summaryReplies } from "../platforms/telegram/render-summary.js";
import {
  approveCircular,
  circularDocxReply,
  draftCircular,
} from "../publications/circular-drafts.js";
import type { CampaignRole } from "./campaign-roles.js";
import { seesWholeCampaign } from "./leader-access.js";

type Tx = Prisma.TransactionClient;

/** Button data of "approve this draft": `ca|<publication id>` (39 bytes). */
export const APPROVE_PREFIX = "ca|";

/** `2022Q2`, also typed `2022q2` or `2022-Q2`; undefined for anything else. */
export function parseQuarterArgument(args: string): string | undefined {
  const quarter = args.trim().toUpperCase().replace(/[-\s]/g, "");
  return parseQuarterId(quarter) ? quarter : undefined;
}

const ZApproveData = z
  .string()
  .regex(/^ca\|[0-9a-f-]{36}$/)
  .transform((data) => data.slice(APPROVE_PREFIX.length));

/** The publication an approve button names, or undefined for data that is not one. */
export function parseApproveData(data: string): string | undefined {
  const parsed = ZApproveData.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/**
 * `/circular <quarter>`: the quarter's circular as it compiles now (a new draft version when the
 * reports changed), as text, then as a DOCX file, then a line naming the draft's version with
 * the button that approves it; the circular is worded in the campaign's language, as an
 * official document is. A circular covers every task, so a leader with a 分管 scope is told so.
 */
export async function circularCommand(
  tx: Tx,
  options: { session: ChatSession; role: CampaignRole; quarter: string },
): Promise<Reply[]> {
  const { session, role, quarter } = options;
  if (!seesWholeCampaign(role)) return [textReply(session.tr("leader.circular.scoped"))];
  const draft = await draftCircular(tx, { campaignId: role.campaignId, quarter, now: session.now });
  const params = { quarter, version: draft.version };
  const file = (label: string, caption: string): Reply =>
    circularDocxReply({ campaignKey: role.campaignKey, quarter, label, caption, docx: draft.docx });
  if (draft.state === "issued") {
    // Nothing changed since it was approved: the issued circular, with nothing to approve.
    const numbered = { quarter, number: draft.number ?? 0 };
    return [
      ...summaryReplies(draft.compiled.document),
      file(
        session.tr("leader.circular.issuedFileLabel", numbered),
        session.tr("leader.circular.issuedCaption", numbered),
      ),
      textReply(session.tr("leader.circular.unchanged", numbered)),
    ];
  }
  const approve = {
    label: session.tr("leader.circular.approveButton"),
    data: `${APPROVE_PREFIX}${draft.publicationId}`,
  };
  return [
    ...summaryReplies(draft.compiled.document),
    file(
      session.tr("leader.circular.fileLabel", params),
      session.tr("leader.circular.caption", params),
    ),
    textReply(session.tr("leader.circular.draft", params), [[approve]]),
  ];
}

/**
 * A tap on "approve": issues the draft (numbered, posted to the leadership groups) when it is
 * still the latest; the role is checked again here, by the person who tapped.
 */
export async function approveCommand(
  tx: Tx,
  options: { session: ChatSession & { member: { id: string } }; role: CampaignRole },
  publicationId: string,
): Promise<Reply[]> {
  const { session, role } = options;
  if (!seesWholeCampaign(role)) return [textReply(session.tr("leader.circular.scoped"))];
  const result = await approveCircular(tx, {
    publicationId,
    memberId: session.member.id,
    now: session.now,
  });
  switch (result.kind) {
    case "issued":
      return [
        textReply(
          session.tr("leader.circular.issued", {
            number: result.number,
            channels: result.channels,
          }),
        ),
      ];
    case "alreadyIssued":
      return [textReply(session.tr("leader.circular.alreadyIssued", { number: result.number }))];
    case "superseded":
      return [
        textReply(
          session.tr("leader.circular.superseded", { latestVersion: result.latestVersion }),
        ),
      ];
    case "notFound":
      return [textReply(session.tr("leader.circular.notFound"))];
  }
}
