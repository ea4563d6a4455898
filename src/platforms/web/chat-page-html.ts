import type { Locale } from "../../i18n/locales.js";
import type { PageStrings } from "./page-strings.js";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** JSON that cannot end its `<script>` element or open a comment: `<`, `>`, `&` escaped. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** What the page's script reads from `<script type="application/json" id="duban-config">`. */
export interface ChatPageConfig {
  /** duban's own language: the picker's when the browser asks for none duban speaks. */
  defaultLocale: Locale;
  strings: Record<Locale, PageStrings>;
}

/** What the server fills in `page/index.html`, each found by the pattern beside it. */
const SLOTS = {
  lang: /(<html lang=")[^"]*(")/,
  title: /(<title>)[^<]*(<\/title>)/,
  config: /(<script type="application\/json" id="duban-config">)\{\}(<\/script>)/,
} as const;

/**
 * Fills the page template (`page/index.html`, valid HTML as it is): the `<html lang>` and
 * `<title>` of duban's own locale, escaped as HTML, and the config JSON in place of the `{}`
 * of `#duban-config`, which the script parses (data only, never run: the CSP allows no
 * inline script). Throws when the template lacks a slot. Pure.
 */
export function chatPageHtml(template: string, config: ChatPageConfig): string {
  const title = config.strings[config.defaultLocale]?.title ?? "duban";
  const values: Record<keyof typeof SLOTS, string> = {
    lang: escapeHtml(config.defaultLocale),
    title: escapeHtml(title),
    config: scriptSafeJson(config),
  };
  let html = template;
  for (const [name, pattern] of Object.entries(SLOTS) as [keyof typeof SLOTS, RegExp][]) {
    if (!pattern.test(html)) throw new Error(`the chat page template has no ${name} slot`);
    html = html.replace(pattern, (_whole, before: string, after: string) => {
      return `${before}${values[name]}${after}`;
    });
  }
  return html;
}
