import { type Command, CommanderError } from "commander";
import { forwardToRunningDuban } from "../admin/forward-command.js";
import { commandPath, FORWARDED_COMMANDS } from "../admin/forwarded-commands.js";
import { DataDirInUseError } from "../db/data-dir-lock.js";
import { logger } from "../logger.js";
import { registerCampaignCommands } from "./campaign-commands.js";
import { type CliContext, CliExit } from "./cli-context.js";
import { registerDbCommands } from "./db-commands.js";
import { registerInviteCommand } from "./invite-command.js";
import { registerJobsCommands } from "./jobs-commands.js";
import { LocalizedCommand } from "./localized-command.js";
import { registerOutboxCommand } from "./outbox-command.js";
import { registerReportsCommands } from "./reports-commands.js";
import { registerStartCommand } from "./start-command.js";
import { registerSummaryCommands } from "./summary-commands.js";

/**
 * Builds the `duban` command line for one context. With `forward`, a data command whose
 * embedded data directory is held by a running duban is sent to that process instead of
 * being refused (see `src/admin/`).
 */
export function buildProgram(
  context: CliContext,
  options: { forward?: { argv: string[] }; onlyForwarded?: boolean } = {},
): Command {
  const program = LocalizedCommand.root("duban", context.translate)
    .description(context.translate("cli.help.program"))
    .option("--lang <locale>", context.translate("cli.help.lang"))
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.write(text),
      writeErr: (text) => context.writeErr(text),
    })
    .exitOverride();
  registerStartCommand(program, context);
  registerDbCommands(program, context);
  registerCampaignCommands(program, context);
  registerInviteCommand(program, context);
  registerJobsCommands(program, context);
  registerOutboxCommand(program, context);
  registerReportsCommands(program, context);
  registerSummaryCommands(program, context);
  const { forward, onlyForwarded } = options;
  if (forward) {
    program.hook("preAction", async (_program, action) => {
      const code = await forwardToRunningDuban({ context, command: action, argv: forward.argv });
      if (code !== undefined) throw new CliExit(code);
    });
  }
  if (onlyForwarded) {
    // Inside a running duban: data commands only, never a second `start` or a migration.
    program.hook("preAction", (_program, action) => {
      if (FORWARDED_COMMANDS.has(commandPath(action))) return;
      context.err(context.translate("cli.admin.notForwarded", { command: commandPath(action) }));
      throw new CliExit(2);
    });
  }
  return program;
}

/** `--lang` must be known before the help texts are built, so it is read ahead of commander. */
export function langFlag(argv: string[]): string | undefined {
  const index = argv.indexOf("--lang");
  if (index >= 0) return argv[index + 1];
  return argv.find((arg) => arg.startsWith("--lang="))?.slice("--lang=".length);
}

/** Runs the command line on `argv` (the user's arguments) and returns the exit code. */
export async function runProgram(options: {
  program: Command;
  context: CliContext;
  argv: string[];
}): Promise<number> {
  const { program, context, argv } = options;
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error: unknown) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof DataDirInUseError) {
      context.err(
        context.translate("cli.errors.dataDirInUse", { dir: error.dataDir, pid: error.pid }),
      );
      return 2;
    }
    if (error instanceof CommanderError) return error.exitCode;
    logger.error({ err: error }, "command failed");
    context.err(context.translate("cli.errors.unexpected", { message: String(error) }));
    return 1;
  }
}
