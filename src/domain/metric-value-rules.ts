/**
 * Which reported figures a metric accepts: the kind of figure it is (a count of things, an
 * amount, a percentage, an index), its optional bounds, and what the `Decimal(20, 6)` column
 * can store.
 *
 * Decisions:
 * - Decimals are compared as text and BigInt, never as doubles: "0.1" and
 *   "0.10000000000000001" differ, and 20 significant digits do not fit in a double.
 * - Leading integer zeros and trailing fraction zeros are not significant: "3.2640000" has
 *   four fraction digits, "0.0000001" seven.
 * - A kind's own bounds (counts and amounts are never negative, a ratio is a percentage
 *   0..100) apply always; the rule's `min` and `max` can only narrow them.
 */

export const METRIC_KINDS = ["count", "amount", "ratio", "index"] as const;

/**
 * What a metric's figures are: `count` whole things (处, 起, 天), `amount` a non-negative
 * quantity (微克/立方米, 万方), `ratio` a percentage 0..100, `index` any value.
 */
export type MetricKind = (typeof METRIC_KINDS)[number];

/** What a reported value must keep; min/max as canonical decimal text ("0", "-3.5", "100"). */
export interface MetricValueRule {
  kind: MetricKind;
  min?: string;
  max?: string;
}

/** The Decimal(20, 6) column figures are stored in. */
export const STORED_DECIMAL = { integerDigits: 14, fractionDigits: 6 } as const;

/** Why a value may not be reported (see {@link checkMetricValue}). */
export type MetricValueProblem =
  | { reason: "tooLarge"; integerDigits: number } // more integer digits than the column keeps
  | { reason: "tooPrecise"; fractionDigits: number } // more significant fraction digits than it keeps
  | { reason: "notWhole" } // count with a fraction
  | { reason: "belowMin"; min: string } // includes count/amount/ratio below 0
  | { reason: "aboveMax"; max: string }; // includes ratio above 100

/** A decimal split into its significant parts: no leading integer or trailing fraction zeros. */
interface DecimalParts {
  negative: boolean;
  /** "" for a value below 1. */
  integer: string;
  fraction: string;
}

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

function partsOf(decimal: string): DecimalParts {
  const match = DECIMAL_TEXT.exec(decimal.trim());
  const [, sign = "", integerText = "", fractionText = ""] = match ?? [];
  if (!match || integerText + fractionText === "") {
    throw new RangeError(`not a decimal number: "${decimal}"`);
  }
  const integer = integerText.replace(/^0+/, "");
  const fraction = fractionText.replace(/0+$/, "");
  // "-0" is zero, which has no sign.
  return { negative: sign === "-" && integer + fraction !== "", integer, fraction };
}

function canonical(parts: DecimalParts): string {
  const fraction = parts.fraction ? `.${parts.fraction}` : "";
  return `${parts.negative ? "-" : ""}${parts.integer || "0"}${fraction}`;
}

/** The value times 10^scale as a BigInt; `scale` must cover the fraction digits. */
function scaled(parts: DecimalParts, scale: number): bigint {
  const digits = BigInt(`${parts.integer || "0"}${parts.fraction.padEnd(scale, "0")}`);
  return parts.negative ? -digits : digits;
}

/**
 * Compares two decimal texts exactly.
 *
 * @example compareDecimals("0.1", "0.10000000000000001") // -1
 * @example compareDecimals("3.2640", "3.264") // 0
 * @throws RangeError when either text is not a plain decimal ("1e5", "abc")
 */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const [left, right] = [partsOf(a), partsOf(b)];
  const scale = Math.max(left.fraction.length, right.fraction.length);
  const difference = scaled(left, scale) - scaled(right, scale);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** The kind a metric has when its file does not say: `count` for `sum`, else `amount`. */
export function defaultMetricKind(
  aggregation: "sum" | "latest" | "max" | "min" | "mean",
): MetricKind {
  // Weekly figures that add up are numbers of things done; the others are levels.
  return aggregation === "sum" ? "count" : "amount";
}

const KIND_BOUNDS: Readonly<Record<MetricKind, { min?: string; max?: string }>> = {
  count: { min: "0" },
  amount: { min: "0" },
  ratio: { min: "0", max: "100" },
  index: {},
};

/** The tighter of two optional bounds: `pick` 1 keeps the larger (a minimum), -1 the smaller. */
function tighter(a: string | undefined, b: string | undefined, pick: 1 | -1): string | undefined {
  if (a === undefined || b === undefined) {
    const only = a ?? b;
    return only === undefined ? undefined : canonical(partsOf(only));
  }
  return canonical(partsOf(compareDecimals(a, b) === pick ? a : b));
}

/** The bounds in force: the kind's own (count, amount: min 0; ratio: 0..100; index: none) narrowed by the rule's min/max. */
export function metricBounds(rule: MetricValueRule): { min?: string; max?: string } {
  const own = KIND_BOUNDS[rule.kind];
  const min = tighter(own.min, rule.min, 1);
  const max = tighter(own.max, rule.max, -1);
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };
}

/**
 * Why `decimal` (canonical text as the number parser returns: "67", "-3.2640", "0.5") may not
 * be reported, or undefined when it may. Checks in order: tooLarge, tooPrecise, notWhole,
 * belowMin, aboveMax.
 *
 * @example checkMetricValue("-5", { kind: "count" }) // { reason: "belowMin", min: "0" }
 * @example checkMetricValue("0.0001", { kind: "count" }) // { reason: "notWhole" }
 * @example checkMetricValue("3.2640000", { kind: "index" }) // undefined
 * @throws RangeError when `decimal` is not a plain decimal ("1e5", "abc")
 */
export function checkMetricValue(
  decimal: string,
  rule: MetricValueRule,
): MetricValueProblem | undefined {
  const parts = partsOf(decimal);
  if (parts.integer.length > STORED_DECIMAL.integerDigits) {
    return { reason: "tooLarge", integerDigits: parts.integer.length };
  }
  if (parts.fraction.length > STORED_DECIMAL.fractionDigits) {
    return { reason: "tooPrecise", fractionDigits: parts.fraction.length };
  }
  if (rule.kind === "count" && parts.fraction !== "") return { reason: "notWhole" };
  const { min, max } = metricBounds(rule);
  if (min !== undefined && compareDecimals(decimal, min) < 0) return { reason: "belowMin", min };
  if (max !== undefined && compareDecimals(decimal, max) > 0) return { reason: "aboveMax", max };
  return undefined;
}
