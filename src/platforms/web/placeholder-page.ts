import type { Locale } from "../../i18n/locales.js";
import { t } from "../../i18n/translate.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * The page at `/` until the try-out chat page is written: says so, and points at the JSON
 * API it will use. Static: no script, nothing from the database.
 */
export function placeholderPage(locale: Locale): string {
  const say = (key: string) => escapeHtml(t(locale, `web.placeholder.${key}`));
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say("title")}</title>
</head>
<body>
<h1>${say("title")}</h1>
<p>${say("notYet")}</p>
<p>${say("api")} <a href="/tryout/api/members"><code>/tryout/api/members</code></a></p>
</body>
</html>
`;
}
