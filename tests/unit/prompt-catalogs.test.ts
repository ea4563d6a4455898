import {
  isPluralElement,
  isSelectElement,
  isTagElement,
  type MessageFormatElement,
  TYPE,
} from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { allCatalogs } from "../../src/i18n/catalog.js";
import { SUPPORTED_LOCALES } from "../../src/i18n/locales.js";
import { compileTemplate } from "../../src/i18n/message-format.js";
import { t } from "../../src/i18n/translate.js";

/** Parsed the way t() parses it; throws when the template is not valid ICU. */
function ast(text: string, locale: string): MessageFormatElement[] {
  return compileTemplate(text, locale).getAst();
}

/** Every element of a template, nested ones (plural and select cases) included. */
function* walk(elements: readonly MessageFormatElement[]): Generator<MessageFormatElement> {
  for (const element of elements) {
    yield element;
    if (isPluralElement(element) || isSelectElement(element)) {
      for (const option of Object.values(element.options)) yield* walk(option.value);
    } else if (isTagElement(element)) {
      yield* walk(element.children);
    }
  }
}

/** The sorted, distinct names of the arguments a template reads. */
function argumentNames(elements: readonly MessageFormatElement[]): string[] {
  const names = new Set<string>();
  for (const element of walk(elements)) {
    if (element.type !== TYPE.literal && element.type !== TYPE.pound && !isTagElement(element)) {
      names.add(element.value);
    }
  }
  return [...names].sort();
}

/** How t() rendered templates before ICU: `{name}` replaced, the rest verbatim. */
function plainSubstitution(text: string, params: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

describe("prompt catalogs", () => {
  const catalogs = allCatalogs();
  const reference = catalogs.get("zh-CN");

  it("has a catalog for every supported locale", () => {
    expect([...catalogs.keys()].sort()).toEqual([...SUPPORTED_LOCALES].sort());
    expect(reference?.size).toBeGreaterThan(0);
  });

  for (const locale of SUPPORTED_LOCALES) {
    const catalog = catalogs.get(locale);

    it(`${locale} has exactly the keys of every other locale, with the same arguments`, () => {
      for (const [otherLocale, other] of catalogs) {
        if (otherLocale === locale) continue;
        const missing = [...other.keys()].filter((key) => !catalog?.has(key));
        expect(missing, `${locale} lacks keys that ${otherLocale} has`).toEqual([]);
      }
      for (const [key, text] of catalog ?? []) {
        expect(text.trim(), `${locale} ${key} is empty`).not.toBe("");
        const twin = reference?.get(key);
        if (twin !== undefined) {
          expect(argumentNames(ast(text, locale)), `${locale} ${key} arguments`).toEqual(
            argumentNames(ast(twin, "zh-CN")),
          );
        }
      }
    });

    it(`every ${locale} template parses as ICU MessageFormat`, () => {
      const broken: string[] = [];
      for (const [key, text] of catalog ?? []) {
        try {
          ast(text, locale);
        } catch (error: unknown) {
          broken.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      expect(broken).toEqual([]);
    });

    it(`every plural and select in ${locale} has an "other" case`, () => {
      for (const [key, text] of catalog ?? []) {
        for (const element of walk(ast(text, locale))) {
          if (isPluralElement(element) || isSelectElement(element)) {
            expect(Object.keys(element.options), `${locale} ${key} {${element.value}}`).toContain(
              "other",
            );
          }
        }
      }
    });

    // ICU gives apostrophes and braces a meaning that plain substitution did not; this keeps
    // a stray `''` or `'{` from changing a text. Templates that quote braces on purpose
    // (`'{ … }'`) are left to translate.test.ts.
    it(`${locale} templates without plural or select render as plain substitution did`, () => {
      for (const [key, text] of catalog ?? []) {
        if (/'[{}]/.test(text)) continue;
        const elements = ast(text, locale);
        if ([...walk(elements)].some((el) => isPluralElement(el) || isSelectElement(el))) continue;
        const params = Object.fromEntries(
          argumentNames(elements).map((name) => [name, `‹${name}›`]),
        );
        expect(t(locale, key, params), `${locale} ${key}`).toBe(plainSubstitution(text, params));
      }
    });
  }
});
