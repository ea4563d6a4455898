import { Decimal } from "decimal.js";
import { parseReportedNumber } from "../domain/parse-number.js";
import type { Locale } from "../i18n/locales.js";
import type { SummaryMetric } from "./summary-input.js";

/**
 * Exact decimal arithmetic over the decimal strings the database stores ("67", "3.264"),
 * through decimal.js, so a sum of 0.1 and 0.2 is 0.3 and a figure never picks up binary noise.
 * Every function takes and returns plain decimal strings (no exponent, no grouping).
 */

/** 40 significant digits: far beyond any reported figure, so sums and means stay exact. */
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Fraction digits a mean is computed to. */
export const MEAN_FRACTION_DIGITS = 6;

function toText(value: Decimal): string {
  return value.isZero() ? "0" : value.toFixed();
}

/**
 * Stored figures have at most 6 fraction digits (Decimal(20, 6)): as integers of millionths they
 * add and compare exactly as bigints, many times faster than through decimal.js, which is
 * kept for anything else.
 */
const STORED = /^(-?)(\d+)(?:\.(\d{1,6}))?$/;
const MILLION = 1_000_000n;

function millionths(value: string): bigint | undefined {
  const match = STORED.exec(value);
  if (!match) return undefined;
  const [, sign, whole = "0", fraction = ""] = match;
  const scaled = BigInt(whole) * MILLION + BigInt(fraction.padEnd(6, "0"));
  return sign === "-" ? -scaled : scaled;
}

function fromMillionths(value: bigint): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / MILLION;
  const fraction = (magnitude % MILLION).toString().padStart(6, "0").replace(/0+$/, "");
  const text = fraction === "" ? whole.toString() : `${whole}.${fraction}`;
  return negative && text !== "0" ? `-${text}` : text;
}

function allMillionths(values: readonly string[]): bigint[] | undefined {
  const scaled: bigint[] = [];
  for (const value of values) {
    const one = millionths(value);
    if (one === undefined) return undefined;
    scaled.push(one);
  }
  return scaled;
}

/** The exact sum of decimal strings ("0" for none). @example sumDecimals(["0.1", "0.2"]) // "0.3" */
export function sumDecimals(values: readonly string[]): string {
  const scaled = allMillionths(values);
  if (scaled) return fromMillionths(scaled.reduce((total, value) => total + value, 0n));
  return toText(values.reduce((total, value) => total.plus(value), new Exact(0)));
}

/**
 * The mean of decimal strings, rounded half up to 6 fraction digits, trailing zeros removed;
 * `undefined` for none. @example meanDecimals(["1", "2", "2"]) // "1.666667"
 */
export function meanDecimals(values: readonly string[]): string | undefined {
  if (values.length === 0) return undefined;
  const scaled = allMillionths(values);
  if (scaled) {
    const sum = scaled.reduce((total, value) => total + value, 0n);
    const count = BigInt(values.length);
    // Half up, away from zero, like decimal.js's ROUND_HALF_UP.
    const magnitude = ((sum < 0n ? -sum : sum) * 2n + count) / (2n * count);
    return fromMillionths(sum < 0n ? -magnitude : magnitude);
  }
  const total = values.reduce((sum, value) => sum.plus(value), new Exact(0));
  return toText(total.dividedBy(values.length).toDecimalPlaces(MEAN_FRACTION_DIGITS));
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`, exactly. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [left, right] = [millionths(a), millionths(b)];
  if (left !== undefined && right !== undefined) return left < right ? -1 : left > right ? 1 : 0;
  const result = new Exact(a).comparedTo(b);
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

/** The largest of decimal strings, or `undefined` for none. */
export function maxDecimal(values: readonly string[]): string | undefined {
  return values.reduce<string | undefined>(
    (best, value) => (best === undefined || compareDecimals(value, best) > 0 ? value : best),
    undefined,
  );
}

/** The smallest of decimal strings, or `undefined` for none. */
export function minDecimal(values: readonly string[]): string | undefined {
  return values.reduce<string | undefined>(
    (best, value) => (best === undefined || compareDecimals(value, best) < 0 ? value : best),
    undefined,
  );
}

/** `a - b`, exactly. */
export function subtractDecimals(a: string, b: string): string {
  return toText(new Exact(a).minus(b));
}

/** Fraction digits written in a decimal string: "3.2640" → 4, "100" → 0. */
export function fractionDigitsOf(decimal: string): number {
  const point = decimal.indexOf(".");
  return point < 0 ? 0 : decimal.length - point - 1;
}

/**
 * How many fraction digits a figure was reported with: what the person typed (`raw`), read with
 * {@link parseReportedNumber} against the metric's unit ("3.2640" → 4, "5.11万方" → 2), or the
 * stored decimal when nothing typed was kept or it no longer parses.
 */
export function reportedFractionDigits(
  stored: string,
  raw: string | undefined,
  metric: Pick<SummaryMetric, "unit">,
): number {
  if (raw !== undefined) {
    const typed = typedDecimal(raw, metric.unit);
    if (typed !== undefined && compareDecimals(typed, stored) === 0) {
      return fractionDigitsOf(typed);
    }
  }
  return fractionDigitsOf(stored);
}

/** Parsed figures by unit and text: a quarter repeats the same few thousand typed figures. */
const typedDecimals = new Map<string, string | undefined>();
const TYPED_DECIMALS_MAX = 50_000;

function typedDecimal(raw: string, unit: string | undefined): string | undefined {
  const key = `${unit ?? ""}\u0000${raw}`;
  if (typedDecimals.has(key)) return typedDecimals.get(key);
  const parsed = parseReportedNumber(raw, unit ? { expectedUnit: unit } : {});
  const decimal = parsed.ok ? parsed.decimal : undefined;
  if (typedDecimals.size >= TYPED_DECIMALS_MAX) typedDecimals.clear();
  typedDecimals.set(key, decimal);
  return decimal;
}

/**
 * A figure as a document shows it: no digit grouping ("12345"), rounded half up to
 * `fractionDigits` when given (so an index typed "3.2640" shows "3.2640" although "3.264" is
 * stored), else as exact as it is. A mean (`kind` ratio or index combined across people, or the
 * `mean` aggregation) is shown to the reported digits when that is exact and with up to two more
 * otherwise, trailing zeros beyond the reported digits dropped: the mean of 34 and 35 is "34.5",
 * not a rounded "35". Digits are the same in both supported locales; `locale` is taken so a
 * locale with other digits or grouping can be added here alone.
 *
 * @example formatFigure("3.264", "index", "zh-CN", 4) // "3.2640"
 * @example formatFigure("34.5", "amount", "zh-CN", 0, { mean: true }) // "34.5"
 */
export function formatFigure(
  value: string,
  kind: SummaryMetric["kind"],
  locale: Locale,
  fractionDigits?: number,
  options: { mean?: boolean } = {},
): string {
  void kind;
  void locale;
  const exact = new Exact(value);
  if (fractionDigits === undefined) return toText(exact);
  if (!options.mean) return exact.toFixed(fractionDigits);
  const wide = exact.toFixed(fractionDigits + 2);
  const point = wide.indexOf(".");
  let end = wide.length;
  while (end > point + 1 + fractionDigits && wide[end - 1] === "0") end -= 1;
  const text = wide.slice(0, end);
  return text.endsWith(".") ? text.slice(0, -1) : text;
}
