import type { Command } from "commander";
import type { CampaignFile } from "../campaigns/campaign-file-schema.js";
import { campaignFileText, exportCampaign } from "../campaigns/export-campaign.js";
import { IMPORT_ENTITIES } from "../campaigns/import/change-log.js";
import { importCampaign } from "../campaigns/import/import-campaign.js";
import { CampaignImportError } from "../campaigns/import/import-error.js";
import { listCampaigns } from "../campaigns/list-campaigns.js";
import {
  type CampaignFileError,
  formatCampaignFileError,
  locateCampaignPaths,
  parseCampaignFile,
} from "../campaigns/parse-campaign-file.js";
import { campaignFromFlag } from "./campaign-flag.js";
import { type CliContext, CliExit, withDatabase } from "./cli-context.js";

/** `duban campaign validate | import | list | export` */
export function registerCampaignCommands(program: Command, context: CliContext): void {
  const tr = context.translate;
  const campaign = program.command("campaign").description(tr("cli.help.campaign"));

  campaign
    .command("validate")
    .description(tr("cli.help.campaignValidate"))
    .argument("<file>", tr("cli.help.campaignFile"))
    .action(async (fileName: string) => {
      const { file } = await readCampaignFile(context, fileName);
      context.out(
        tr("cli.campaign.valid", {
          file: fileName,
          key: file.campaign.key,
          tasks: file.tasks.length,
          members: file.members.length,
        }),
      );
    });

  campaign
    .command("import")
    .description(tr("cli.help.campaignImport"))
    .argument("<file>", tr("cli.help.campaignFile"))
    .option("--dry-run", tr("cli.help.dryRun"))
    .action(async (fileName: string, flags: { dryRun?: boolean }) => {
      const { file, text } = await readCampaignFile(context, fileName);
      await withDatabase(context, async (database) => {
        try {
          const result = await importCampaign({
            prisma: database.prisma,
            file,
            dryRun: flags.dryRun ?? false,
          });
          printImportResult(context, result);
          if (!result.dryRun && result.changes > 0)
            context.campaignChanged?.({ campaignKey: result.campaignKey });
        } catch (error: unknown) {
          if (!(error instanceof CampaignImportError)) throw error;
          const located = locateCampaignPaths({ text, fileName, errors: error.conflicts });
          printErrors(context, located);
          throw new CliExit(1);
        }
      });
    });

  campaign
    .command("list")
    .description(tr("cli.help.campaignList"))
    .action(async () => {
      const campaigns = await withDatabase(context, (database) => listCampaigns(database.prisma));
      if (campaigns.length === 0) context.out(tr("cli.campaign.none"));
      for (const summary of campaigns) {
        const { key, title, year, tasks, members, metrics, milestones, id } = summary;
        const params = { key, title, year, tasks, members, metrics, milestones, id };
        context.out(tr(summary.archived ? "cli.campaign.rowArchived" : "cli.campaign.row", params));
      }
    });

  campaign
    .command("export")
    .description(tr("cli.help.campaignExport"))
    .argument("[campaign]", tr("cli.help.campaignId"))
    .option("--out <file>", tr("cli.help.outFile"))
    .action(async (keyOrId: string | undefined, flags: { out?: string }) => {
      const text = await withDatabase(context, async (database) => {
        const found = await campaignFromFlag(context, database.prisma, keyOrId, {
          exitCode: 1,
          ambiguous: "ambiguous",
        });
        const file = await exportCampaign({ prisma: database.prisma, campaignId: found.id });
        return campaignFileText(file, new Date());
      });
      if (flags.out) {
        await context.writeFile(flags.out, text);
        context.err(tr("cli.campaign.exported", { file: flags.out }));
      } else context.write(text);
    });
}

async function readCampaignFile(
  context: CliContext,
  fileName: string,
): Promise<{ file: CampaignFile; text: string }> {
  let text: string;
  try {
    text = (await context.readFile(fileName)).toString("utf8");
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    context.err(context.translate("cli.campaign.unreadable", { file: fileName, reason: code }));
    throw new CliExit(2);
  }
  const result = parseCampaignFile({ text, fileName });
  if (!result.ok) {
    printErrors(context, result.errors);
    throw new CliExit(1);
  }
  return { file: result.campaign, text };
}

function printErrors(context: CliContext, errors: CampaignFileError[]): void {
  for (const error of errors) context.err(formatCampaignFileError(error, context.translate));
  context.err(context.translate("cli.campaign.errorCount", { count: errors.length }));
}

function printImportResult(
  context: CliContext,
  result: Awaited<ReturnType<typeof importCampaign>>,
): void {
  const tr = context.translate;
  const head = result.dryRun ? "cli.campaign.dryRunHead" : "cli.campaign.importedHead";
  context.out(tr(head, { key: result.campaignKey, changes: result.changes }));
  for (const entity of IMPORT_ENTITIES) {
    const counts = result.counts[entity];
    const parts = (Object.keys(counts) as (keyof typeof counts)[])
      .filter((kind) => counts[kind] > 0)
      .map((kind) => tr(`cli.campaign.change.${kind}`, { count: counts[kind] }));
    if (parts.length > 0) {
      context.out(
        `  ${tr(`cli.campaign.entity.${entity}`)}: ${parts.join(tr("cli.campaign.comma"))}`,
      );
    }
  }
  if (result.changes === 0) context.out(tr("cli.campaign.unchanged"));
}
