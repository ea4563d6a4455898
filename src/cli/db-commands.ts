import type { Command } from "commander";
import { createMigration } from "../db/migrations/create-migration.js";
import { readMigrationStatus } from "../db/migrations/migration-status.js";
import type { CliContext } from "./cli-context.js";
import { CliExit, withDatabase } from "./cli-context.js";

/** `duban db migrate | status | new-migration <name>` */
export function registerDbCommands(program: Command, context: CliContext): void {
  const tr = context.translate;
  const db = program.command("db").description(tr("cli.help.db"));

  db.command("migrate")
    .description(tr("cli.help.dbMigrate"))
    .action(async () => {
      await withDatabase(context, async () => {
        context.out(tr("cli.db.migrated"));
      });
    });

  db.command("status")
    .description(tr("cli.help.dbStatus"))
    .action(async () => {
      const status = await withDatabase(
        context,
        (database) => readMigrationStatus({ adapterFactory: database.adapterFactory }),
        { migrate: false },
      );
      context.out(tr("cli.db.known", { count: status.known.length }));
      for (const name of status.pending) context.out(tr("cli.db.pending", { name }));
      for (const name of status.unknownApplied) context.out(tr("cli.db.unknownApplied", { name }));
      for (const name of status.failed) context.out(tr("cli.db.failed", { name }));
      for (const name of status.edited) context.out(tr("cli.db.edited", { name }));
      context.out(tr(status.upToDate ? "cli.db.upToDate" : "cli.db.notUpToDate"));
      if (!status.upToDate) throw new CliExit(1);
    });

  db.command("new-migration")
    .description(tr("cli.help.dbNewMigration"))
    .argument("<name>", tr("cli.help.migrationName"))
    .action(async (name: string) => {
      const result = await withDatabase(
        context,
        (database) => createMigration({ adapterFactory: database.adapterFactory, name }),
        { migrate: false },
      );
      context.out(
        result.created
          ? tr("cli.db.created", { name: result.name, directory: result.directory })
          : tr("cli.db.nothingToCreate"),
      );
    });
}
