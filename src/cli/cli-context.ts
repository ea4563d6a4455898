import { readFile, writeFile } from "node:fs/promises";
import type { CampaignChange } from "../campaigns/campaign-changes.js";
import { type Config, ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/open-database.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { type Translate, translatorFor } from "../i18n/translate.js";

/** Where a command's output and files go: this terminal, or an admin request's answer. */
export interface CliIo {
  /** Raw text or bytes to standard output. */
  write: (content: string | Uint8Array) => void;
  /** Raw text to standard error. */
  writeErr: (text: string) => void;
  /** A file the admin named as input. */
  readFile: (path: string) => Promise<Buffer>;
  /** A file the admin named as output (`--out`). */
  writeFile: (path: string, content: string | Uint8Array) => Promise<void>;
}

/** What every command gets: the environment's config, the admin's language, output. */
export interface CliContext extends CliIo {
  locale: Locale;
  translate: Translate;
  out: (line: string) => void;
  err: (line: string) => void;
  loadConfig: () => Config;
  /** Set when the command runs inside a running duban: its open database, used as is. */
  database?: Database;
  /** Inside a running duban: tells it that an import changed this campaign. */
  campaignChanged?: (change: CampaignChange) => void;
  /** Inside a running duban: its outbox should look for messages now. */
  nudge?: () => void;
}

/** The terminal's standard output and error, and the admin's own files. */
export const TERMINAL_IO: CliIo = {
  write: (content) => process.stdout.write(content),
  writeErr: (text) => process.stderr.write(text),
  readFile: (path) => readFile(path),
  writeFile: (path, content) => writeFile(path, content),
};

/** The locale for CLI output: `--lang`, then `DUBAN_LOCALE`, then `LANG`, then zh-CN. */
export function cliLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  return (
    normaliseLocale(flag) ??
    normaliseLocale(env.DUBAN_LOCALE) ??
    normaliseLocale(env.LANG) ??
    DEFAULT_LOCALE
  );
}

export function createCliContext(
  locale: Locale,
  io: CliIo = TERMINAL_IO,
  inside?: Pick<CliContext, "database" | "campaignChanged" | "nudge" | "loadConfig">,
): CliContext {
  const translate = translatorFor(locale);
  return {
    ...io,
    locale,
    translate,
    out: (line) => io.write(`${line}\n`),
    err: (line) => io.writeErr(`${line}\n`),
    loadConfig: () => {
      try {
        return loadConfig();
      } catch (error: unknown) {
        if (error instanceof ConfigError) {
          for (const issue of error.issues) {
            io.writeErr(`${translate("cli.errors.badEnvironment", issue)}\n`);
          }
          throw new CliExit(2);
        }
        throw error;
      }
    },
    // Inside a running duban: its open database, its config, its change and nudge hooks.
    ...inside,
  };
}

/** Thrown to end a command with an exit code after its message was printed. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = "CliExit";
  }
}

/** Opens the configured database (migrating it first, unless told not to), runs `work`, closes. */
export async function withDatabase<T>(
  context: CliContext,
  work: (database: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  // Inside a running duban the database is open and migrated; it stays open after the command.
  if (context.database) return work(context.database);
  const config = context.loadConfig();
  const database = await openDatabase({
    target: config.database,
    migrate: options.migrate ?? true,
    onMigrated: (applied) => {
      if (applied.length > 0) {
        context.err(
          context.translate("cli.db.applied", { count: applied.length, names: applied.join(", ") }),
        );
      }
    },
  });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}
