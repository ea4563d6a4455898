import { catalogFor } from "./catalog.js";
import { DEFAULT_LOCALE, type Locale } from "./locales.js";

export type PromptParams = Readonly<Record<string, string | number>>;

/**
 * Renders the prompt `key` in `locale`, replacing `{name}` with `params.name`.
 * A key missing from the locale falls back to zh-CN, then to the key itself, so a
 * gap shows up as text rather than a crash (a unit test keeps the catalogs complete).
 *
 * @example t("en", "cli.start.ready", { port: 3000 })
 */
export function t(locale: Locale, key: string, params: PromptParams = {}): string {
  const template = catalogFor(locale).get(key) ?? catalogFor(DEFAULT_LOCALE).get(key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A translator bound to one locale. */
export type Translate = (key: string, params?: PromptParams) => string;

export function translatorFor(locale: Locale): Translate {
  return (key, params) => t(locale, key, params);
}
