import { type Config, ConfigError, loadConfig } from "../config.js";
import { type Database, openDatabase } from "../db/open-database.js";
import { DEFAULT_LOCALE, type Locale, normaliseLocale } from "../i18n/locales.js";
import { type Translate, translatorFor } from "../i18n/translate.js";

/** What every command gets: the environment's config, the admin's language, output. */
export interface CliContext {
  locale: Locale;
  translate: Translate;
  out: (line: string) => void;
  err: (line: string) => void;
  loadConfig: () => Config;
}

/** The locale for CLI output: `--lang`, then `DUBAN_LOCALE`, then `LANG`, then zh-CN. */
export function cliLocale(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Locale {
  return (
    normaliseLocale(flag) ??
    normaliseLocale(env.DUBAN_LOCALE) ??
    normaliseLocale(env.LANG) ??
    DEFAULT_LOCALE
  );
}

export function createCliContext(locale: Locale): CliContext {
  const translate = translatorFor(locale);
  return {
    locale,
    translate,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    loadConfig: () => {
      try {
        return loadConfig();
      } catch (error: unknown) {
        if (error instanceof ConfigError) {
          for (const issue of error.issues) {
            process.stderr.write(`${translate("cli.errors.badEnvironment", issue)}\n`);
          }
          throw new CliExit(2);
        }
        throw error;
      }
    },
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
