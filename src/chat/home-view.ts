import { leadingRoles } from "../commands/campaign-roles.js";
import { leaderCommand } from "../commands/leader-commands.js";
import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { formOffer } from "./report-form-service.js";
import {
  type BoundSession,
  loadMyTasks,
  myTasksReply,
  reportChoiceData,
} from "./staff-commands.js";
import { textReply } from "./text-reply.js";

type Tx = Prisma.TransactionClient;

/**
 * The bot's home (Slack's App Home tab): the member's tasks with this week's state, a button
 * to report step by step and one per task to report as a form, and for leaders the status
 * overview of what they lead. Built from the same replies the commands give.
 */
export async function homeReplies(tx: Tx, session: BoundSession): Promise<Reply[]> {
  const replies: Reply[] = [];
  const campaigns = await loadMyTasks(tx, session);
  if (campaigns.length > 0) {
    replies.push(myTasksReply(session, campaigns));
    for (const campaign of campaigns) {
      const report = {
        label: session.tr("chat.home.report", { campaign: campaign.title }),
        data: reportChoiceData(campaign.id),
      };
      replies.push(
        textReply(session.tr("chat.home.reportHead", { campaign: campaign.title }), [[report]]),
      );
      replies.push(...formOffer(session, campaign.id, campaign.tasks));
    }
  }
  if ((await leadingRoles(tx, session.member.id)).length > 0) {
    replies.push(...(await leaderCommand(tx, session, { name: "status", args: "" })));
  }
  if (replies.length === 0) replies.push(textReply(session.tr("errors.noTasks")));
  return replies;
}
