import type { Context } from "hono";
import { type Locale, SUPPORTED_LOCALES } from "../i18n/locales.js";
import { dashboardLayout } from "./dashboard-layout.js";
import { dashboardSay } from "./dashboard-words.js";
import type { SafeHtml } from "./html-text.js";
import { messageBody } from "./publication-pages-html.js";

/**
 * Only the dashboard's own stylesheet; charts are SVG images inside the page (`data:`), which
 * run nothing. No script at all, no form, no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A dashboard page as the response: laid out, with its CSP, never cached (figures change). */
export function dashboardPage(
  c: Context,
  content: { locale: Locale; title: string; body: SafeHtml; status?: 200 | 403 | 404 },
): Response {
  const other = SUPPORTED_LOCALES.find((locale) => locale !== content.locale);
  const html = dashboardLayout({
    locale: content.locale,
    say: dashboardSay(content.locale),
    title: content.title,
    ...(other ? { otherLanguageHref: `${c.req.path}?lang=${other}` } : {}),
    body: content.body,
  });
  c.header("Content-Security-Policy", DASHBOARD_CSP);
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
  return c.html(html, content.status ?? 200);
}

/** A page that only says something: a refusal (403) or a missing page (404). */
export function messagePage(
  c: Context,
  options: { locale: Locale; status: 403 | 404; titleKey: string; textKey: string },
): Response {
  const say = dashboardSay(options.locale);
  return dashboardPage(c, {
    locale: options.locale,
    title: say(options.titleKey),
    body: messageBody({ heading: say(options.titleKey), text: say(options.textKey) }),
    status: options.status,
  });
}
