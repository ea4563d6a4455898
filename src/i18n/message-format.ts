import { type Formatters, IntlMessageFormat } from "intl-messageformat";

/**
 * Parser options shared by `t()` and the catalog tests. Duban's texts have no rich-text
 * tags, so `<` and `>` stay plain text (`--bot <bot username>`).
 */
export const TEMPLATE_OPTIONS = { ignoreTag: true } as const;

function memoize<A extends unknown[], R>(create: (...args: A) => R): (...args: A) => R {
  const made = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    let value = made.get(key);
    if (value === undefined) {
      value = create(...args);
      made.set(key, value);
    }
    return value;
  };
}

/**
 * Intl formatters that never group digits. A plain `{year}` is rendered with `String()`,
 * but `#` and `{n, number}` go through Intl.NumberFormat, which would turn a count of 1234
 * into "1,234"; duban's numbers (years, task numbers, counts, ports) must read the same
 * wherever they appear.
 */
const ungroupedFormatters: Formatters = {
  getNumberFormat: memoize(
    (...[locales, options]: Parameters<Formatters["getNumberFormat"]>) =>
      // The library's option type is a superset of the ES2023 lib's; Node accepts both.
      new Intl.NumberFormat(locales, {
        ...options,
        useGrouping: false,
      } as Intl.NumberFormatOptions),
  ),
  getDateTimeFormat: memoize(
    (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) =>
      new Intl.DateTimeFormat(...args),
  ),
  getPluralRules: memoize(
    (...args: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...args),
  ),
};

/**
 * Compiles an ICU MessageFormat template for `locale` (whose plural rules apply).
 * Throws when the template does not parse.
 */
export function compileTemplate(template: string, locale: string): IntlMessageFormat {
  return new IntlMessageFormat(template, locale, undefined, {
    ...TEMPLATE_OPTIONS,
    formatters: ungroupedFormatters,
  });
}
