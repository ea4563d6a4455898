import type { IntlMessageFormat } from "intl-messageformat";
import { LEADER_COMMANDS, type Platform, STAFF_COMMANDS } from "../core/incoming.js";
import { catalogFor } from "./catalog.js";
import { DEFAULT_LOCALE, type Locale } from "./locales.js";
import { compileTemplate } from "./message-format.js";

export type PromptParams = Readonly<Record<string, string | number>>;

/** Compiled templates by locale and key; `null` marks a template that does not parse. */
const compiled = new Map<string, IntlMessageFormat | null>();

function formatterFor(
  locale: Locale,
  key: string,
  template: string,
  source: Locale,
): IntlMessageFormat | null {
  const cacheKey = `${locale}\u0000${key}`;
  let formatter = compiled.get(cacheKey);
  if (formatter === undefined) {
    try {
      formatter = compileTemplate(template, source);
    } catch {
      // Shown through the plain substitution below; the catalog test keeps this from shipping.
      formatter = null;
    }
    compiled.set(cacheKey, formatter);
  }
  return formatter;
}

/** The pre-ICU rendering: `{name}` replaced when `params` has it, anything else left as is. */
function substitute(template: string, params: PromptParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/**
 * How a platform spells a command in the bot's texts. The catalogs write Telegram's
 * `/report`; Slack has one slash command, `/duban`, so there it reads `/duban report`.
 * Only the templates are rewritten, never what is filled into them (a person's answers).
 */
const COMMAND_MENTION = new RegExp(
  `(^|[^\\w/])/(${[...STAFF_COMMANDS, ...LEADER_COMMANDS, "start"].join("|")})(?![\\w-])`,
  "g",
);

function spelledFor(template: string, platform: Platform | undefined): string {
  if (platform !== "slack") return template;
  return template.replace(COMMAND_MENTION, "$1/duban $2");
}

/** Per-call settings: the platform the text is for (how it spells commands). */
export interface TranslateOptions {
  platform?: Platform;
}

/**
 * Renders the prompt `key` in `locale`. Templates are ICU MessageFormat (`{name}`,
 * `{count, plural, one {# task} other {# tasks}}`); numbers are never digit-grouped.
 * A key missing from the locale falls back to zh-CN, then to the key itself, so a gap
 * shows up as text rather than a crash (a unit test keeps the catalogs complete). A
 * template that cannot be formatted, e.g. for want of a param, never throws: it is
 * rendered by plain `{name}` substitution instead.
 *
 * @example t("en", "cli.start.ready", { ms: 3000 })
 */
export function t(
  locale: Locale,
  key: string,
  params: PromptParams = {},
  options: TranslateOptions = {},
): string {
  const own = catalogFor(locale).get(key);
  const source = own === undefined ? DEFAULT_LOCALE : locale;
  const stored = own ?? catalogFor(DEFAULT_LOCALE).get(key);
  if (stored === undefined) return substitute(key, params);
  const template = spelledFor(stored, options.platform);
  const cacheKey = options.platform === "slack" ? `slack\u0000${key}` : key;
  const formatter = formatterFor(locale, cacheKey, template, source);
  if (formatter) {
    try {
      const text = formatter.format(params);
      if (typeof text === "string") return text;
    } catch {
      // Most often a param the caller did not pass; the substitution leaves `{name}` visible.
    }
  }
  return substitute(template, params);
}

/**
 * A translator taking the locale with each call, the shape of {@link t}: what pure code is
 * handed instead of importing `t`, which reads the catalogs from disk at first use.
 */
export type Translator = (locale: Locale, key: string, params?: PromptParams) => string;

/** {@link t} for texts on `platform` (how it spells commands), as a `Translator`. */
export function translatorOn(platform: Platform): Translator {
  return (locale, key, params) => t(locale, key, params, { platform });
}

/** A translator bound to one locale. */
export type Translate = (key: string, params?: PromptParams) => string;

/** Binds {@link t} to `locale` (and to how `platform` spells commands). */
export function translatorFor(locale: Locale, platform?: Platform): Translate {
  const options = platform ? { platform } : {};
  return (key, params) => t(locale, key, params, options);
}
