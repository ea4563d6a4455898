import type { Context } from "hono";
import { type Locale, SUPPORTED_LOCALES } from "../i18n/locales.js";
import type { PromptParams } from "../i18n/translate.js";
import { dashboardLayout } from "./dashboard-layout.js";
import type { DashboardEnv } from "./dashboard-viewer.js";
import { dashboardSay } from "./dashboard-words.js";
import type { SafeHtml } from "./html-text.js";
import { messageBody } from "./publication-pages-html.js";

/**
 * Only the dashboard's own stylesheet; charts are SVG images inside the page (`data:`), which
 * run nothing. No script at all, forms only to duban itself (sign-in, sign-out), no framing.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The statuses a dashboard page is sent with. */
export type PageStatus = 200 | 401 | 403 | 404;

/**
 * A dashboard page as the response: laid out, with its CSP, never cached (figures change),
 * sending no referrer (a sign-in link's token is in its address). A signed-in member's
 * header names them and offers sign-out.
 */
export function dashboardPage(
  c: Context<DashboardEnv>,
  content: { locale: Locale; title: string; body: SafeHtml; status?: PageStatus },
): Response {
  const other = SUPPORTED_LOCALES.find((locale) => locale !== content.locale);
  const viewer = c.get("viewer");
  const html = dashboardLayout({
    locale: content.locale,
    say: dashboardSay(content.locale),
    title: content.title,
    // The answer to a POST has no address to ask again in the other language.
    ...(other && c.req.method === "GET"
      ? { otherLanguageHref: `${c.req.path}?lang=${other}` }
      : {}),
    body: content.body,
    ...(viewer?.kind === "member" && viewer.session ? { signedIn: viewer.session } : {}),
  });
  c.header("Content-Security-Policy", DASHBOARD_CSP);
  c.header("Referrer-Policy", "no-referrer");
  c.header("X-Frame-Options", "DENY");
  c.header("Cache-Control", "no-store");
  return c.html(html, content.status ?? 200);
}

/** A page that only says something: sign in (401), a refusal (403), a missing page (404). */
export function messagePage(
  c: Context<DashboardEnv>,
  options: {
    locale: Locale;
    status: PageStatus;
    titleKey: string;
    textKey: string;
    params?: PromptParams;
  },
): Response {
  const say = dashboardSay(options.locale);
  return dashboardPage(c, {
    locale: options.locale,
    title: say(options.titleKey),
    body: messageBody({
      heading: say(options.titleKey),
      text: say(options.textKey, options.params),
    }),
    status: options.status,
  });
}
