import type { Command } from "commander";
import { logger } from "../logger.js";
import { startDuban } from "../main.js";
import type { CliContext } from "./cli-context.js";

/** `duban start`: migrate, then run until SIGINT or SIGTERM. */
export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command("start")
    .description(context.translate("cli.help.start"))
    .action(async () => {
      const config = context.loadConfig();
      const running = await startDuban({
        config,
        logger,
        translate: context.translate,
        say: context.out,
      });
      await new Promise<void>((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, "stopping");
          resolve();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      // An open PGlite keeps the process alive or makes it exit uncleanly: always close it.
      await running.stop();
      context.out(context.translate("cli.start.stopped"));
    });
}
