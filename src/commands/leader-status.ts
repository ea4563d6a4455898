import type { ChatSession } from "../chat/chat-session.js";
import { textReply } from "../chat/text-reply.js";
import type { Reply } from "../core/reply.js";
import { summaryReplies } from "../platforms/telegram/render-summary.js";
import { compileDigest } from "../summaries/compile-digest.js";
import {
  compileDeadlines,
  compileStatusOverview,
  compileTaskStatus,
} from "../summaries/compile-status.js";
import { type LeaderView, visibleInput } from "./leader-access.js";

/** The task number a leader typed (`2`, `第2项`), or undefined for anything else. */
export function typedTaskNumber(argument: string): number | undefined {
  const number = /^(?:第\s*)?(\d{1,4})\s*(?:项)?$/.exec(argument.trim())?.[1];
  return number === undefined ? undefined : Number(number);
}

/** A task as a leader names it after `/status`: its number (`2`, `第2项`) or its key. */
export function findTask(view: LeaderView, argument: string) {
  const number = typedTaskNumber(argument);
  const key = argument.trim().toLowerCase();
  return view.input.tasks.find((task) =>
    number !== undefined ? task.number === number : task.key === key,
  );
}

/**
 * `/status` (every task the leader may see, this week) and `/status <task>` (one task: its
 * figures with whose report and which week they came from). A task outside the leader's scope
 * is answered exactly like one that does not exist: with the tasks they may ask about.
 */
export function statusCommand(session: ChatSession, view: LeaderView, args: string): Reply[] {
  const { locale } = session;
  if (args.trim() === "") {
    return summaryReplies(
      compileStatusOverview(view.input, {
        week: view.week,
        visibleTaskKeys: view.visible,
        today: view.today,
        locale,
      }),
    );
  }
  const task = findTask(view, args);
  if (!task || !view.visible.has(task.key)) {
    const lines = [session.tr("leader.status.unknownTask", { task: args.trim().slice(0, 40) })];
    for (const visible of view.input.tasks.filter((each) => view.visible.has(each.key))) {
      lines.push(
        session.tr("leader.status.taskLine", { number: visible.number, title: visible.title }),
      );
    }
    lines.push(session.tr("leader.status.usage"));
    return [textReply(lines.join("\n"))];
  }
  return summaryReplies(
    compileTaskStatus(view.input, {
      taskKey: task.key,
      week: view.week,
      today: view.today,
      locale,
    }),
  );
}

/** `/deadlines`: milestones and quarterly deadlines coming up or overdue, of visible tasks. */
export function deadlinesCommand(session: ChatSession, view: LeaderView): Reply[] {
  return summaryReplies(
    compileDeadlines(view.input, {
      today: view.today,
      visibleTaskKeys: view.visible,
      locale: session.locale,
    }),
  );
}

/** `/digest`: this week's digest as it stands now, of the tasks the leader may see. */
export function digestCommand(session: ChatSession, view: LeaderView): Reply[] {
  const digest = compileDigest(visibleInput(view), {
    week: view.week,
    locale: session.locale,
    now: session.now,
  });
  return summaryReplies(digest.document);
}
