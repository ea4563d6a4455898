import { describe, expect, it, vi } from "vitest";
import type { Locale } from "../../src/i18n/locales.js";

// Shipped catalogs are complete and valid (prompt-catalogs.test.ts), so the fallbacks are
// exercised on small made-up ones.
vi.mock("../../src/i18n/catalog.js", () => {
  const catalogs: Record<Locale, Map<string, string>> = {
    "zh-CN": new Map([
      ["only.zh", "只有中文 {count}"],
      ["both", "中文"],
    ]),
    en: new Map([
      ["both", "English"],
      ["broken", "{name} has an unclosed {brace"],
      ["plural", "{count, plural, one {# task} other {# tasks}} for {name}"],
    ]),
  };
  return { catalogFor: (locale: Locale) => catalogs[locale] };
});

const { t } = await import("../../src/i18n/translate.js");

describe("t() fallbacks", () => {
  it("uses the locale's own text when it has one", () => {
    expect(t("en", "both")).toBe("English");
    expect(t("zh-CN", "both")).toBe("中文");
  });

  it("falls back to zh-CN for a key the locale lacks", () => {
    expect(t("en", "only.zh", { count: 1234 })).toBe("只有中文 1234");
  });

  it("renders a template that does not parse by plain substitution, without throwing", () => {
    expect(t("en", "broken", { name: "Li" })).toBe("Li has an unclosed {brace");
  });

  it("formats plurals, and does not throw when their param is missing", () => {
    expect(t("en", "plural", { count: 1, name: "Li" })).toBe("1 task for Li");
    expect(t("en", "plural", { count: 2, name: "Li" })).toBe("2 tasks for Li");
    const withoutCount = t("en", "plural", { name: "Li" });
    expect(withoutCount).toContain("for Li");
  });
});
