import type { Command } from "commander";
import type { Translate } from "../i18n/translate.js";
import { readOutboxStatus } from "../outbox/read-outbox-status.js";
import { type CliContext, withDatabase } from "./cli-context.js";

const DEAD_LETTERS_SHOWN = 20;

/** `duban outbox status` */
export function registerOutboxCommand(program: Command, context: CliContext): void {
  const tr = context.translate;
  const outbox = program.command("outbox").description(tr("cli.help.outbox"));
  outbox
    .command("status")
    .description(tr("cli.help.outboxStatus"))
    .action(async () => {
      const status = await withDatabase(context, (database) =>
        readOutboxStatus(database.prisma, { deadLetters: DEAD_LETTERS_SHOWN }),
      );
      if (status.platforms.length === 0) {
        context.out(tr("cli.outbox.empty"));
        return;
      }
      for (const queue of status.platforms) {
        context.out(tr("cli.outbox.platform", { platform: queue.platform, ...queue.counts }));
        const oldest = queue.oldestPendingAt;
        context.out(
          oldest
            ? tr("cli.outbox.oldestPending", {
                age: describeAge(tr, status.now.getTime() - oldest.getTime()),
                at: formatInstant(oldest),
              })
            : tr("cli.outbox.nonePending"),
        );
        if (queue.unreachable > 0) {
          context.out(tr("cli.outbox.unreachable", { count: queue.unreachable }));
        }
      }
      if (status.deadLetters.length === 0) {
        context.out(tr("cli.outbox.noDeadLetters"));
        return;
      }
      context.out(
        tr("cli.outbox.deadLettersHead", {
          shown: status.deadLetters.length,
          count: status.deadLetterCount,
        }),
      );
      for (const letter of status.deadLetters) {
        context.out(
          tr("cli.outbox.deadLetter", {
            at: formatInstant(letter.failedAt),
            platform: letter.platform,
            recipient: letter.recipient,
            member: letter.member
              ? tr("cli.outbox.deadLetterMember", { name: letter.member.name })
              : "",
            key: letter.idempotencyKey,
            attempts: letter.attempts,
            error: letter.lastError ?? tr("cli.outbox.noError"),
          }),
        );
      }
    });
}

/** An age in the largest unit that keeps it at least one: 45 seconds, 3 minutes, 2 days. */
function describeAge(tr: Translate, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return tr("cli.outbox.age.seconds", { count: seconds });
  if (seconds < 3600) return tr("cli.outbox.age.minutes", { count: Math.floor(seconds / 60) });
  if (seconds < 48 * 3600) return tr("cli.outbox.age.hours", { count: Math.floor(seconds / 3600) });
  return tr("cli.outbox.age.days", { count: Math.floor(seconds / 86_400) });
}

/** `2026-12-01 23:05 UTC`: what admins compare with logs. */
function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
