import { type Context, Hono } from "hono";
import type { Locale } from "../../i18n/locales.js";
import { chatPageHtml } from "./chat-page-html.js";
import { pageAsset } from "./page-assets.js";
import { pageStrings } from "./page-strings.js";

/**
 * Only the page's own files: no inline script or style, no other origin, no framing. The
 * strings the page embeds are JSON data, which a CSP does not need to allow.
 */
export const CHAT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The try-out chat page: `GET /` (the HTML, with every locale's page strings) and its script
 * and style at `GET /tryout/page/<file>`. No build step: the files under `page/` are served
 * as they are.
 */
export function createChatPageRoutes(options: { locale: Locale }): Hono {
  const app = new Hono();
  // Set per route, not as `use("*")`: mounted at `/`, that would run for the API's paths too.
  const secure = (c: Context) => {
    c.header("Content-Security-Policy", CHAT_PAGE_CSP);
    c.header("X-Frame-Options", "DENY");
  };

  let html: string | undefined;
  app.get("/", async (c) => {
    if (html === undefined) {
      const template = await pageAsset("index.html");
      if (!template) throw new Error("src/platforms/web/page/index.html is missing");
      html = chatPageHtml(template.text, {
        defaultLocale: options.locale,
        strings: pageStrings(),
      });
    }
    secure(c);
    return c.html(html);
  });

  app.get("/tryout/page/:name", async (c) => {
    const name = c.req.param("name");
    const asset = name === "index.html" ? undefined : await pageAsset(name);
    if (!asset) return c.json({ error: "not_found" }, 404);
    secure(c);
    return c.body(asset.text, 200, {
      "Content-Type": asset.contentType,
      "Cache-Control": "no-cache",
    });
  });
  return app;
}
