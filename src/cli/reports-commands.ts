import type { Command } from "commander";
import { addDays, isCalendarDate, isoWeekOf } from "../domain/periods.js";
import { exportReports } from "../reports-io/export-reports.js";
import { importReports, type ReportsImportSummary } from "../reports-io/import-reports.js";
import { readReportsSheet } from "../reports-io/read-sheet.js";
import { FIXED_COLUMNS } from "../reports-io/report-columns.js";
import { reportsCsv } from "../reports-io/reports-csv.js";
import { reportsXlsx } from "../reports-io/reports-xlsx.js";
import { ReportsImportError, type RowProblem } from "../reports-io/row-problem.js";
import type { SheetFailure } from "../reports-io/sheet.js";
import { campaignFromFlag } from "./campaign-flag.js";
import { type CliContext, CliExit, withDatabase } from "./cli-context.js";

const FORMATS = ["csv", "xlsx"] as const;
type Format = (typeof FORMATS)[number];

interface ExportFlags {
  campaign?: string;
  from: string;
  to: string;
  format: string;
  out?: string;
}

/** `duban export --campaign … --from … --to … --format csv|xlsx [--out]` and `duban reports import <file> --campaign … [--dry-run]` */
export function registerReportsCommands(program: Command, context: CliContext): void {
  const tr = context.translate;
  program
    .command("export")
    .description(tr("reportsio.help.export"))
    .option("--campaign <key>", tr("reportsio.help.campaignKey"))
    .requiredOption("--from <date>", tr("reportsio.help.from"))
    .requiredOption("--to <date>", tr("reportsio.help.to"))
    .requiredOption("--format <format>", tr("reportsio.help.format"))
    .option("--out <file>", tr("reportsio.help.out"))
    .action(async (flags: ExportFlags) => {
      const format = checkExportFlags(context, flags);
      const table = await withDatabase(context, async (database) => {
        const { id: campaignId } = await campaignFromFlag(context, database.prisma, flags.campaign);
        return exportReports({ prisma: database.prisma, campaignId, ...flags });
      });
      const content = format === "csv" ? reportsCsv(table) : await reportsXlsx(table);
      if (!flags.out) {
        context.write(content);
        return;
      }
      await context.writeFile(flags.out, content);
      context.err(
        tr("reportsio.export.written", {
          rows: table.rows.length,
          weeks: weeksLabel(context, flags.from, flags.to),
          file: flags.out,
        }),
      );
    });

  program
    .command("reports")
    .description(tr("reportsio.help.reports"))
    .command("import")
    .description(tr("reportsio.help.import"))
    .argument("<file>", tr("reportsio.help.file"))
    .option("--campaign <key>", tr("reportsio.help.campaignKey"))
    .option("--dry-run", tr("reportsio.help.dryRun"))
    .action(async (fileName: string, flags: { campaign?: string; dryRun?: boolean }) => {
      let bytes: Uint8Array;
      try {
        bytes = await context.readFile(fileName);
      } catch (error: unknown) {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        context.err(tr("reportsio.import.unreadable", { file: fileName, reason }));
        throw new CliExit(2);
      }
      const sheet = await readReportsSheet({ fileName, bytes });
      if (!sheet.ok) {
        context.err(fileFailure(context, fileName, sheet));
        throw new CliExit(sheet.reason === "badExtension" ? 2 : 1);
      }
      await withDatabase(context, async (database) => {
        const campaign = await campaignFromFlag(context, database.prisma, flags.campaign);
        try {
          const summary = await importReports({
            prisma: database.prisma,
            campaignId: campaign.id,
            rows: sheet.rows,
            dryRun: flags.dryRun ?? false,
          });
          printSummary(context, campaign.key, summary);
        } catch (error: unknown) {
          if (!(error instanceof ReportsImportError)) throw error;
          printProblems(context, fileName, error.problems);
          throw new CliExit(1);
        }
      });
    });
}

/** The format, after checking the dates and that XLSX has a file to go to; CliExit(2) if not. */
function checkExportFlags(context: CliContext, flags: ExportFlags): Format {
  const tr = context.translate;
  for (const [flag, value] of [
    ["--from", flags.from],
    ["--to", flags.to],
  ] as const) {
    if (!isCalendarDate(value)) {
      context.err(tr("reportsio.export.badDate", { flag, value }));
      throw new CliExit(2);
    }
  }
  if (flags.from > flags.to) {
    context.err(tr("reportsio.export.fromAfterTo", { from: flags.from, to: flags.to }));
    throw new CliExit(2);
  }
  const format = FORMATS.find((known) => known === flags.format.toLowerCase());
  if (!format) {
    context.err(tr("reportsio.export.badFormat", { value: flags.format }));
    throw new CliExit(2);
  }
  if (format === "xlsx" && !flags.out) {
    context.err(tr("reportsio.export.xlsxNeedsOut"));
    throw new CliExit(2);
  }
  return format;
}

/** "2022-W14 to 2022-W26, 13 weeks": the weeks whose Thursday is in the range. */
function weeksLabel(context: CliContext, from: string, to: string): string {
  const weeks: string[] = [];
  // The first Thursday on or after `from`, then every seventh day.
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (new Date(`${day}T00:00:00Z`).getUTCDay() === 4) {
      for (let thursday = day; thursday <= to; thursday = addDays(thursday, 7)) {
        weeks.push(isoWeekOf(thursday));
      }
      break;
    }
  }
  const [first, last] = [weeks[0], weeks.at(-1)];
  if (!first || !last) return context.translate("reportsio.export.noWeeks");
  return context.translate("reportsio.export.weeks", { first, last, count: weeks.length });
}

function fileFailure(context: CliContext, file: string, failure: SheetFailure): string {
  const expected = FIXED_COLUMNS.join(", ");
  return context.translate(`reportsio.file.${failure.reason}`, { file, expected, ...failure });
}

function printProblems(context: CliContext, file: string, problems: RowProblem[]): void {
  const tr = context.translate;
  for (const problem of problems) {
    const message = tr(`reportsio.problem.${problem.code}`, {
      ...problem.params,
      column: problem.column,
    });
    context.err(
      tr("reportsio.import.problem", { file, row: problem.row, column: problem.column, message }),
    );
  }
  context.err(tr("reportsio.import.problemCount", { count: problems.length }));
}

function printSummary(context: CliContext, campaign: string, summary: ReportsImportSummary): void {
  const { rowsRead: rows, created, updated, unchanged } = summary;
  const params = { campaign, rows, created, updated, unchanged };
  const head = summary.dryRun ? "reportsio.import.dryRunSummary" : "reportsio.import.summary";
  context.out(context.translate(head, params));
  if (created + updated === 0) context.out(context.translate("reportsio.import.unchanged"));
}
