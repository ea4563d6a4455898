import { Command, CommanderError } from "commander";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { logger } from "../logger.js";
import { registerCampaignCommands } from "./campaign-commands.js";
import { CliExit, cliLocale, createCliContext } from "./cli-context.js";
import { registerDbCommands } from "./db-commands.js";
import { registerInviteCommand } from "./invite-command.js";
import { registerJobsCommands } from "./jobs-commands.js";
import { registerOutboxCommand } from "./outbox-command.js";
import { registerReportsCommands } from "./reports-commands.js";
import { registerStartCommand } from "./start-command.js";
import { registerSummaryCommands } from "./summary-commands.js";

/** Builds the `duban` command line for one locale. */
export function buildProgram(locale = cliLocale(langFlag(process.argv))) {
  const context = createCliContext(locale);
  const program = new Command("duban")
    .description(context.translate("cli.help.program"))
    .option("--lang <locale>", context.translate("cli.help.lang"))
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program, context);
  registerDbCommands(program, context);
  registerCampaignCommands(program, context);
  registerInviteCommand(program, context);
  registerJobsCommands(program, context);
  registerOutboxCommand(program, context);
  registerReportsCommands(program, context);
  registerSummaryCommands(program, context);
  return { program, context };
}

/** `--lang` must be known before the help texts are built, so it is read ahead of commander. */
function langFlag(argv: string[]): string | undefined {
  const index = argv.indexOf("--lang");
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith("--lang="))?.slice("--lang=".length);
}

async function main(): Promise<void> {
  const { program, context } = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error: unknown) {
    if (error instanceof CliExit) process.exitCode = error.code;
    else if (error instanceof DataDirInUseError) {
      context.err(
        context.translate("cli.errors.dataDirInUse", { dir: error.dataDir, pid: error.pid }),
      );
      process.exitCode = 2;
    } else if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else {
      logger.error({ err: error }, "command failed");
      context.err(context.translate("cli.errors.unexpected", { message: String(error) }));
      process.exitCode = 1;
    }
  }
}

await main();
