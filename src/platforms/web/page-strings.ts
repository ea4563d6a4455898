import { allCatalogs } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locales.js";

const PREFIX = "web.page.";

/** The chat page's strings of one locale, by key without the `web.page.` prefix. */
export type PageStrings = Record<string, string>;

/**
 * Every `web.page.*` template of every locale, for the page's script: the picker speaks the
 * browser's language and the chat the member's, so the page carries them all. Templates stay
 * raw (`{label}`); the page fills in the few that take a value.
 */
export function pageStrings(): Record<Locale, PageStrings> {
  const result: Partial<Record<Locale, PageStrings>> = {};
  for (const [locale, catalog] of allCatalogs()) {
    const strings: PageStrings = {};
    for (const [key, text] of catalog) {
      if (key.startsWith(PREFIX)) strings[key.slice(PREFIX.length)] = text;
    }
    result[locale] = strings;
  }
  return result as Record<Locale, PageStrings>;
}
