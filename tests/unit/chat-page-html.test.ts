import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chatPageHtml } from "../../src/platforms/web/chat-page-html.js";

const TEMPLATE = readFileSync(
  join(import.meta.dirname, "..", "..", "src", "platforms", "web", "page", "index.html"),
  "utf8",
);

describe("chatPageHtml", () => {
  it("fills lang, title and the config, which cannot close its script element", () => {
    const html = chatPageHtml(TEMPLATE, {
      defaultLocale: "en",
      strings: { en: { title: "duban <try>" }, "zh-CN": { title: "</script><b>x" } },
    });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("<title>duban &lt;try&gt;</title>");
    expect(html).not.toContain("</script><b>");
    const json = html.match(/id="duban-config">(.*?)<\/script>/s)?.[1] ?? "";
    expect(JSON.parse(json).strings["zh-CN"].title).toBe("</script><b>x");
  });

  it("refuses a template without its slots", () => {
    expect(() =>
      chatPageHtml("<html></html>", { defaultLocale: "en", strings: { en: {}, "zh-CN": {} } }),
    ).toThrow(/slot/);
  });
});
