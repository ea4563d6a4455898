import { describe, expect, it } from "vitest";
import { allCatalogs } from "../../src/i18n/catalog.js";
import { SUPPORTED_LOCALES } from "../../src/i18n/locales.js";

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "").sort();
}

describe("prompt catalogs", () => {
  const catalogs = allCatalogs();
  const reference = catalogs.get("zh-CN");

  it("has a catalog for every supported locale", () => {
    expect([...catalogs.keys()].sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(reference?.size).toBeGreaterThan(0);
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`${locale} has exactly the keys of every other locale, with the same placeholders`, () => {
      const catalog = catalogs.get(locale);
      for (const [otherLocale, other] of catalogs) {
        if (otherLocale === locale) continue;
        const missing = [...other.keys()].filter((key) => !catalog?.has(key));
        expect(missing, `${locale} lacks keys that ${otherLocale} has`).toEqual([]);
      }
      for (const [key, text] of catalog ?? []) {
        expect(text.trim(), `${locale} ${key} is empty`).not.toBe("");
        const twin = reference?.get(key);
        if (twin !== undefined) {
          expect(placeholders(text), `${locale} ${key} placeholders`).toEqual(placeholders(twin));
        }
      }
    });
  }
});
