import type { Command } from "commander";
import { logger } from "../logger.js";
import { startDuban } from "../main.js";
import { type CliContext, CliExit } from "./cli-context.js";

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
        locale: context.locale,
      });
      const signalled = new Promise<"signal">((resolve) => {
        const stop = (signal: NodeJS.Signals) => {
          logger.info({ signal }, "stopping");
          resolve("signal");
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      const why = await Promise.race([signalled, running.fatal]);
      // An open PGlite keeps the process alive or makes it exit uncleanly: always close it.
      await running.stop();
      if (why !== "signal") {
        // Exit non-zero so a supervisor (systemd, Docker) restarts it or tells someone.
        context.err(context.translate("cli.start.platformFailed", { reason: String(why) }));
        throw new CliExit(1);
      }
      context.out(context.translate("cli.start.stopped"));
    });
}
