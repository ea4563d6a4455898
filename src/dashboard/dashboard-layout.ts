import type { Locale } from "../i18n/locales.js";
import type { DashboardSay } from "./dashboard-words.js";
import { html, type SafeHtml } from "./html-text.js";

/** `?lang=` for links, when the reader chose a language other than the campaign's. */
export function langQuery(chosen: Locale | undefined): string {
  return chosen ? `?lang=${encodeURIComponent(chosen)}` : "";
}

/**
 * A whole dashboard page: the stylesheet from disk, the viewport for phones, a header linking
 * back to the campaign list and offering the other language, then `body`. No script at all.
 */
export function dashboardLayout(options: {
  locale: Locale;
  say: DashboardSay;
  title: string;
  /** The same page in the other language. */
  otherLanguageHref?: string;
  body: SafeHtml;
  /** The signed-in member: named in the header, with a sign-out button. */
  signedIn?: { name: string };
}): string {
  const { say, locale } = options;
  return `<!doctype html>\n${html`<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · ${say("title")}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body>
<header class="top">
<a class="brand" href="/dashboard${langQuery(locale)}">${say("title")}</a>
${
  options.otherLanguageHref
    ? html`<a class="lang" href="${options.otherLanguageHref}" hreflang="${say("otherLocale")}">${say("otherLanguage")}</a>`
    : ""
}
${
  options.signedIn
    ? html`<form class="sign-out" method="post" action="/dashboard/sign-out"><span>${say("signIn.as", { name: options.signedIn.name })}</span> <button type="submit">${say("signIn.signOut")}</button></form>`
    : ""
}
</header>
<main>
${options.body}
</main>
</body>
</html>`}\n`;
}
