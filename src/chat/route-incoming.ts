import { leadingRoles } from "../commands/campaign-roles.js";
import {
  isLeaderChoice,
  isLeaderCommand,
  LEADER_CHOICE_PREFIXES,
  leaderChoice,
  leaderCommand,
} from "../commands/leader-commands.js";
import type { LeaderLinks } from "../commands/leader-dashboard.js";
import { type IncomingContent, STAFF_COMMANDS } from "../core/incoming.js";
import type { Reply } from "../core/reply.js";
import { AppError } from "../errors/app-error.js";
import type { Prisma } from "../generated/prisma/client.js";
import { t } from "../i18n/translate.js";
import { redeemInvite } from "../identity/redeem-invite.js";
import type { ChatSession } from "./chat-session.js";
import { loadChatSession } from "./chat-session.js";
import { homeReplies } from "./home-view.js";
import {
  doneCommand,
  MILESTONE_DONE_PREFIX,
  MILESTONE_REOPEN_PREFIX,
  milestoneChoice,
} from "./milestone-commands.js";
import { type ChatAnswer, continueReport } from "./report-conversation-service.js";
import { openReportForm, REPORT_FORM_PREFIX, submitReportForm } from "./report-form-service.js";
import {
  type BoundSession,
  CAMPAIGN_CHOICE_PREFIX,
  campaignChoice,
  cancelCommand,
  langCommand,
  myTasksCommand,
  reportCommand,
  skipCommand,
} from "./staff-commands.js";
import { textReply } from "./text-reply.js";
import { commandWords, readTypedCommand, runsWhileReporting } from "./typed-command.js";

type Tx = Prisma.TransactionClient;

/** Buttons that are not the report's own: choosing a campaign, marking a milestone, leaders'. */
const OTHER_CHOICES = [
  CAMPAIGN_CHOICE_PREFIX,
  REPORT_FORM_PREFIX,
  MILESTONE_DONE_PREFIX,
  MILESTONE_REOPEN_PREFIX,
  ...LEADER_CHOICE_PREFIXES,
];

/** Commands that get a pointer to the private chat when sent in a group. */
const PRIVATE_CHAT_COMMANDS = new Set<string>([...STAFF_COMMANDS, "start"]);

function isBound(session: ChatSession): session is BoundSession {
  return session.identity !== undefined && session.member !== undefined;
}

/**
 * Decides what an incoming message means and does it, in the caller's transaction:
 * binding with `/start <code>`, staff and leaders' commands, or the next step of the open report
 * (whose replies may be held a moment, see `ChatAnswer`). Strangers get a polite refusal that
 * says nothing about the organisation.
 */
export async function routeIncoming(
  tx: Tx,
  session: ChatSession,
  links: LeaderLinks = {},
): Promise<ChatAnswer> {
  const content = session.incoming.content;
  const privateChat = session.incoming.chat.kind === "private";
  if (content.kind === "form") {
    if (isBound(session) && privateChat) return submitReportForm(tx, session, content);
    const errors = {
      [Object.keys(content.values)[0] ?? "form"]: session.tr("errors.notRegistered"),
    };
    return { replies: [], delivery: "now", direct: { kind: "formErrors", errors } };
  }
  if (content.kind === "home") {
    const replies = isBound(session)
      ? await homeReplies(tx, session)
      : [textReply(session.tr("errors.notRegistered"))];
    return { replies, delivery: "now" };
  }
  if (content.kind === "choice" && content.data.startsWith(REPORT_FORM_PREFIX)) {
    if (isBound(session) && privateChat) return openReportForm(tx, session, content.data);
  }
  // A command typed without its slash ("report", "status 2", "填报") is read once, here:
  // "help", "cancel", "report" and "mytasks" typed alone even while a report is open.
  const typedText = privateChat && content.kind === "text" ? content.text : undefined;
  const typed = typedText === undefined ? undefined : readTyped(typedText);
  const control = typed && runsWhileReporting(typed) ? typed : undefined;
  if (control) return { replies: await routeOther(tx, session, control, links), delivery: "now" };
  const forTheReport =
    content.kind !== "command" &&
    !(content.kind === "choice" && OTHER_CHOICES.some((prefix) => content.data.startsWith(prefix)));
  if (forTheReport && isBound(session) && privateChat) {
    const answer = await continueReport(tx, session, content);
    if (answer) return answer;
    // With no report open, a typed command runs.
    if (typed) return { replies: await routeOther(tx, session, typed, links), delivery: "now" };
    const key = content.kind === "edited" ? "report.error.editNotRead" : "chat.noConversation";
    return { replies: [textReply(session.tr(key))], delivery: "now" };
  }
  return { replies: await routeOther(tx, session, typed ?? content, links), delivery: "now" };
}

/** The words of every command in every language, read from the catalogs once. */
let words: Map<string, string> | undefined;

function readTyped(text: string) {
  words ??= commandWords(t);
  return readTypedCommand(text, words, { reportOpen: false });
}

/**
 * Everything but the next step of an open report: commands, binding, strangers, groups.
 * `content` is the incoming content, or the command typed in it without a slash.
 */
async function routeOther(
  tx: Tx,
  session: ChatSession,
  content: IncomingContent,
  links: LeaderLinks,
): Promise<Reply[]> {
  const { incoming, tr } = session;
  if (incoming.chat.kind === "group") {
    // Leaders may ask in their leadership group, and the answer goes to the group.
    if (content.kind === "command" && isLeaderCommand(content.name)) {
      if (!isBound(session)) return [textReply(tr("errors.notRegistered"))];
      return leaderCommand(tx, session, { name: content.name, args: content.args }, links);
    }
    if (content.kind === "choice" && isLeaderChoice(content.data)) {
      return isBound(session) ? leaderChoice(tx, session, content.data, links) : [];
    }
    // Otherwise the bot only posts summaries there; a staff command gets a pointer.
    return content.kind === "command" && PRIVATE_CHAT_COMMANDS.has(content.name)
      ? [textReply(tr("chat.groupHint"))]
      : [];
  }
  if (content.kind === "command" && content.name === "start") {
    if (content.args.trim() !== "") return bindWithInvite(tx, session, content.args.trim());
    if (!isBound(session)) return [textReply(tr("errors.notRegistered"))];
    return [textReply(tr("chat.welcomeBack", { name: session.member.name }))];
  }
  if (!isBound(session)) return [textReply(tr("errors.notRegistered"))];

  if (content.kind === "command") {
    if (isLeaderCommand(content.name)) {
      return leaderCommand(tx, session, { name: content.name, args: content.args }, links);
    }
    switch (content.name) {
      case "report":
        return reportCommand(tx, session, "report");
      case "edit":
        return reportCommand(tx, session, "edit");
      case "mytasks":
        return myTasksCommand(tx, session);
      case "skip":
        return skipCommand(tx, session, content.args);
      case "cancel":
        return cancelCommand(tx, session);
      case "lang":
        return langCommand(tx, session, content.args);
      case "done":
        return doneCommand(tx, session);
      case "help":
        return helpCommand(tx, session);
      default:
        return [textReply(tr("chat.unknownCommand"))];
    }
  }
  if (content.kind === "choice" && content.data.startsWith(CAMPAIGN_CHOICE_PREFIX)) {
    return campaignChoice(tx, session, content.data);
  }
  if (content.kind === "choice" && isLeaderChoice(content.data)) {
    return leaderChoice(tx, session, content.data, links);
  }
  if (content.kind === "choice") return milestoneChoice(tx, session, content.data);
  return []; // the report's inputs went to continueReport above
}

/** `/help`: the staff commands, and the leaders' too for a member who leads a campaign. */
async function helpCommand(tx: Tx, session: BoundSession): Promise<Reply[]> {
  const leads = (await leadingRoles(tx, session.member.id)).length > 0;
  const help = session.tr("chat.help");
  return [textReply(leads ? `${help}\n\n${session.tr("chat.helpLeader")}` : help)];
}

async function bindWithInvite(tx: Tx, session: ChatSession, code: string): Promise<Reply[]> {
  const { incoming } = session;
  if (incoming.platform === "web") return [textReply(session.tr("errors.notRegistered"))];
  try {
    const { memberId } = await redeemInvite(tx, {
      code,
      platform: incoming.platform,
      externalId: incoming.user.externalId,
      privateChatId: incoming.chat.id,
      ...(incoming.user.username ? { username: incoming.user.username } : {}),
      now: session.now,
    });
    const bound = await loadChatSession(tx, incoming, session.now);
    const member = await tx.member.findUniqueOrThrow({ where: { id: memberId } });
    return [textReply(bound.tr("chat.welcome", { name: member.name }))];
  } catch (error: unknown) {
    if (!(error instanceof AppError)) throw error;
    // Someone already bound who opens an old link again needs no admin: they are set up.
    const spent = ["inviteUsed", "inviteExpired", "inviteUnknown"].includes(error.code);
    if (spent && isBound(session)) {
      return [textReply(session.tr("chat.alreadyBoundSelf", { name: session.member.name }))];
    }
    return [textReply(session.tr(error.promptKey, error.params))];
  }
}
