import type { Command } from "commander";
import { loadCampaignContext } from "../chat/campaign-context.js";
import type { Database } from "../db/open-database.js";
import { parseIsoWeekId, parseQuarterId } from "../domain/periods.js";
import { renderTelegramHtml } from "../platforms/telegram/render-summary.js";
import { scheduledPeriodOf } from "../scheduling/scheduled-period.js";
import { compileCircular } from "../summaries/compile-circular.js";
import { compileDigest } from "../summaries/compile-digest.js";
import { renderDocx } from "../summaries/docx/render-docx.js";
import { loadQuarterInput, loadWeekInput } from "../summaries/load-summary-input.js";
import { renderMarkdown } from "../summaries/render-markdown.js";
import { campaignFromFlag } from "./campaign-flag.js";
import { type CliContext, CliExit, withDatabase } from "./cli-context.js";

const DIGEST_FORMATS = ["md", "html"] as const;
const CIRCULAR_FORMATS = ["md", "docx"] as const;

/** The value of `--format` if it is one of `formats`; a message and exit 2 otherwise. */
function formatFlag<F extends string>(
  context: CliContext,
  value: string,
  formats: readonly F[],
): F {
  const format = formats.find((candidate) => candidate === value);
  if (format) return format;
  context.err(context.translate("cli.summary.badFormat", { value, formats: formats.join(", ") }));
  throw new CliExit(2);
}

/**
 * "Today" of a digest: now, or the week's close when that is still to come, so that a past
 * week's digest says what it said when it was sent and not what the milestones are today.
 */
async function digestInstant(database: Database, campaignId: string, week: string): Promise<Date> {
  const campaign = await loadCampaignContext(database.prisma, campaignId);
  const period = scheduledPeriodOf({ weekId: week, ...campaign });
  const now = new Date();
  return period && period.closesAt < now ? period.closesAt : now;
}

/** The HTML messages of a digest, each after a `<!-- message N -->` line, a blank line apart. */
function htmlMessages(messages: string[]): string {
  return messages.map((html, index) => `<!-- message ${index + 1} -->\n${html}`).join("\n\n");
}

/**
 * `duban digest --campaign <key> --week <2022-W26> --format md|html` and
 * `duban circular --campaign <key> --quarter <2022Q2> --format md|docx [--out <file>]`:
 * the weekly digest or the quarterly circular compiled from the database, in the campaign's
 * language, to standard output (a Word document only to a file).
 */
export function registerSummaryCommands(program: Command, context: CliContext): void {
  const tr = context.translate;

  program
    .command("digest")
    .description(tr("cli.summary.help.digest"))
    .option("--campaign <key>", tr("cli.help.campaignKey"))
    .requiredOption("--week <week>", tr("cli.summary.help.week"))
    .option("--format <format>", tr("cli.summary.help.digestFormat"), "md")
    .action(async (flags: { campaign?: string; week: string; format: string }) => {
      const format = formatFlag(context, flags.format, DIGEST_FORMATS);
      if (!parseIsoWeekId(flags.week)) {
        context.err(tr("cli.summary.badWeek", { value: flags.week }));
        throw new CliExit(2);
      }
      const digest = await withDatabase(context, async (database) => {
        const { id: campaignId } = await campaignFromFlag(context, database.prisma, flags.campaign);
        const input = await loadWeekInput(database.prisma, { campaignId, week: flags.week });
        const now = await digestInstant(database, campaignId, flags.week);
        return compileDigest(input, { week: flags.week, now });
      });
      context.out(
        format === "md"
          ? renderMarkdown(digest.document).trimEnd()
          : htmlMessages(renderTelegramHtml(digest.document)),
      );
    });

  program
    .command("circular")
    .description(tr("cli.summary.help.circular"))
    .option("--campaign <key>", tr("cli.help.campaignKey"))
    .requiredOption("--quarter <quarter>", tr("cli.summary.help.quarter"))
    .option("--format <format>", tr("cli.summary.help.circularFormat"), "md")
    .option("--out <file>", tr("cli.summary.help.out"))
    .action(async (flags: { campaign?: string; quarter: string; format: string; out?: string }) => {
      const format = formatFlag(context, flags.format, CIRCULAR_FORMATS);
      if (!parseQuarterId(flags.quarter)) {
        context.err(tr("cli.summary.badQuarter", { value: flags.quarter }));
        throw new CliExit(2);
      }
      if (format === "docx" && flags.out === undefined) {
        context.err(tr("cli.summary.docxNeedsOut", { quarter: flags.quarter.toLowerCase() }));
        throw new CliExit(2);
      }
      const circular = await withDatabase(context, async (database) => {
        const { id: campaignId } = await campaignFromFlag(context, database.prisma, flags.campaign);
        const input = await loadQuarterInput(database.prisma, {
          campaignId,
          quarter: flags.quarter,
        });
        return compileCircular(input, { quarter: flags.quarter });
      });
      const content =
        format === "docx"
          ? await renderDocx(circular.document)
          : `${renderMarkdown(circular.document).trimEnd()}\n`;
      if (flags.out === undefined) {
        context.write(content);
        return;
      }
      await context.writeFile(flags.out, content);
      context.err(
        tr("cli.summary.written", {
          file: flags.out,
          bytes: Buffer.byteLength(content),
          reports: circular.sourceReports.length,
        }),
      );
    });
}
