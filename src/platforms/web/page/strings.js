/**
 * The page's strings, from the JSON the server embeds (`web.page.*` of every locale).
 *
 * @typedef {{ defaultLocale: string, strings: Record<string, Record<string, string>> }} Config
 * @typedef {(key: string, params?: Record<string, string>) => string} Say
 */

/** @returns {Config} */
export function readConfig() {
  const node = document.getElementById("duban-config");
  return JSON.parse(node?.textContent ?? "{}");
}

/**
 * The locale to show the picker in: the browser's first language duban speaks, else duban's.
 *
 * @param {Config} config
 * @param {readonly string[]} preferred
 */
export function pickerLocale(config, preferred) {
  for (const language of preferred) {
    const lower = language.toLowerCase();
    const found = Object.keys(config.strings).find(
      (locale) => lower === locale.toLowerCase() || lower.split("-")[0] === locale.split("-")[0],
    );
    if (found) return found;
  }
  return config.defaultLocale;
}

/**
 * A lookup for one locale: `say("chosen", { label })` fills `{label}`. A key the locale lacks
 * falls back to duban's default locale, then to the key itself.
 *
 * @param {Config} config
 * @param {string} locale
 * @returns {Say}
 */
export function sayer(config, locale) {
  const own = config.strings[locale] ?? {};
  const fallback = config.strings[config.defaultLocale] ?? {};
  return (key, params = {}) =>
    (own[key] ?? fallback[key] ?? key).replace(/\{(\w+)\}/g, (whole, name) =>
      name in params ? params[name] : whole,
    );
}
