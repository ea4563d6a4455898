import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkMetricValue,
  compareDecimals,
  defaultMetricKind,
  METRIC_KINDS,
  type MetricKind,
  type MetricValueRule,
  metricBounds,
  STORED_DECIMAL,
} from "../../src/domain/metric-value-rules.js";

/** `units / 10^scale` written out as decimal text, with `zeros` extra trailing zeros. */
function decimalText(units: bigint, scale: number, zeros = 0): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, "0");
  const integer = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale) + "0".repeat(zeros);
  return `${units < 0n ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`;
}

const SCALE = STORED_DECIMAL.fractionDigits;
const LIMIT = 10n ** BigInt(STORED_DECIMAL.integerDigits + SCALE);

/** Any value the column stores, in millionths: |value| < 10^14. */
const storedUnits = fc.bigInt({ min: -(LIMIT - 1n), max: LIMIT - 1n });

/** `units` millionths as text, with `cut` trailing zeros removed and `zeros` added. */
function varied(units: bigint, cut: number, zeros: number): string {
  let text = decimalText(units, SCALE);
  for (let left = cut; left > 0 && text.endsWith("0") && text.includes("."); left -= 1) {
    text = text.slice(0, -1);
  }
  text = text.replace(/\.$/, "");
  return zeros > 0 ? `${text}${text.includes(".") ? "" : "."}${"0".repeat(zeros)}` : text;
}

/** A stored value as text, in the forms a parser may give it. */
const storedDecimal = fc
  .tuple(storedUnits, fc.integer({ min: 0, max: SCALE }), fc.integer({ min: 0, max: 3 }))
  .map(([units, cut, zeros]) => ({ units, text: varied(units, cut, zeros) }));

const toUnits = (text: string): bigint => {
  const [integer = "", fraction = ""] = text.replace("-", "").split(".");
  const units = BigInt(integer + fraction.padEnd(SCALE, "0"));
  return text.startsWith("-") ? -units : units;
};

describe("checkMetricValue: examples", () => {
  it.each<[string, MetricValueRule, ReturnType<typeof checkMetricValue>]>([
    ["67", { kind: "count" }, undefined],
    ["-5", { kind: "count" }, { reason: "belowMin", min: "0" }],
    ["0.0001", { kind: "count" }, { reason: "notWhole" }],
    ["1234567890123456789", { kind: "count" }, { reason: "tooLarge", integerDigits: 19 }],
    ["99999999999999.999999", { kind: "index" }, undefined],
    ["100000000000000", { kind: "index" }, { reason: "tooLarge", integerDigits: 15 }],
    ["-100000000000000", { kind: "index" }, { reason: "tooLarge", integerDigits: 15 }],
    ["0.0000001", { kind: "index" }, { reason: "tooPrecise", fractionDigits: 7 }],
    ["3.2640000", { kind: "index" }, undefined],
    ["-3.2640", { kind: "index" }, undefined],
    ["-3.2640", { kind: "amount" }, { reason: "belowMin", min: "0" }],
    ["5.11", { kind: "amount" }, undefined],
    ["100", { kind: "ratio" }, undefined],
    ["100.000001", { kind: "ratio" }, { reason: "aboveMax", max: "100" }],
    ["0", { kind: "ratio" }, undefined],
    ["170", { kind: "count", max: "366" }, undefined],
    ["367", { kind: "count", max: "366" }, { reason: "aboveMax", max: "366" }],
    ["-101", { kind: "index", min: "-100", max: "100" }, { reason: "belowMin", min: "-100" }],
    ["0.5", { kind: "index", min: "0.50" }, undefined],
    ["0.4", { kind: "index", min: "0.50" }, { reason: "belowMin", min: "0.5" }],
    ["0", { kind: "count", min: "-10" }, undefined],
    ["1", { kind: "count", min: "2" }, { reason: "belowMin", min: "2" }],
    // The order of the checks: the column first, then the kind, then the bounds.
    ["-0.5", { kind: "count" }, { reason: "notWhole" }],
    ["-1000000000000000.5", { kind: "count" }, { reason: "tooLarge", integerDigits: 16 }],
    ["-0.00000005", { kind: "count" }, { reason: "tooPrecise", fractionDigits: 8 }],
  ])("%s for %j", (decimal, rule, expected) => {
    expect(checkMetricValue(decimal, rule)).toEqual(expected);
  });

  it("refuses text that is not a plain decimal", () => {
    for (const text of ["", "-", ".", "1e5", "abc", "1,000", "Infinity"]) {
      expect(() => checkMetricValue(text, { kind: "index" }), text).toThrow(RangeError);
    }
  });
});

describe("compareDecimals", () => {
  it.each([
    ["0.1", "0.10000000000000001", -1],
    ["0.10000000000000001", "0.1", 1],
    ["3.2640", "3.264", 0],
    ["-0", "0", 0],
    ["-1", "-0.5", -1],
    ["007", "7.000", 0],
    ["12345678901234567890", "12345678901234567891", -1],
  ] as const)("%s against %s is %i", (a, b, expected) => {
    expect(compareDecimals(a, b)).toBe(expected);
  });

  it("agrees with BigInt arithmetic on values scaled to a common exponent", () => {
    const decimal = fc.record({
      units: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
      scale: fc.integer({ min: 0, max: 12 }),
      zeros: fc.integer({ min: 0, max: 2 }),
    });
    // Pairs a double cannot tell apart: the second a few units of its last digit off the first.
    const close = fc
      .tuple(decimal, fc.integer({ min: 0, max: 6 }), fc.bigInt({ min: -3n, max: 3n }))
      .map(([first, shift, delta]) => {
        const units = first.units * 10n ** BigInt(shift) + delta;
        return [first, { units, scale: first.scale + shift, zeros: 0 }] as const;
      });
    fc.assert(
      fc.property(fc.oneof(fc.tuple(decimal, decimal), close), ([a, b]) => {
        const scale = Math.max(a.scale, b.scale);
        const left = a.units * 10n ** BigInt(scale - a.scale);
        const right = b.units * 10n ** BigInt(scale - b.scale);
        const expected = left < right ? -1 : left > right ? 1 : 0;
        const textA = decimalText(a.units, a.scale, a.zeros);
        const textB = decimalText(b.units, b.scale, b.zeros);
        expect(compareDecimals(textA, textB)).toBe(expected);
        expect(compareDecimals(textB, textA)).toBe(-expected || 0);
      }),
    );
  });
});

describe("metricBounds", () => {
  it("gives each kind its own bounds, narrowed by the rule", () => {
    expect(metricBounds({ kind: "count" })).toEqual({ min: "0" });
    expect(metricBounds({ kind: "amount" })).toEqual({ min: "0" });
    expect(metricBounds({ kind: "ratio" })).toEqual({ min: "0", max: "100" });
    expect(metricBounds({ kind: "index" })).toEqual({});
    expect(metricBounds({ kind: "ratio", min: "-5", max: "95.50" })).toEqual({
      min: "0",
      max: "95.5",
    });
    expect(metricBounds({ kind: "count", max: "366" })).toEqual({ min: "0", max: "366" });
    expect(metricBounds({ kind: "index", min: "-100", max: "100" })).toEqual({
      min: "-100",
      max: "100",
    });
  });
});

describe("defaultMetricKind", () => {
  it("makes sums counts and every other aggregation an amount", () => {
    expect(defaultMetricKind("sum")).toBe("count");
    for (const aggregation of ["latest", "max", "min", "mean"] as const) {
      expect(defaultMetricKind(aggregation)).toBe("amount");
    }
  });
});

describe("checkMetricValue: properties", () => {
  const MILLION = 10n ** BigInt(SCALE);
  // Bounds near the kinds' own (0, 100) as often as anywhere in the column.
  const near = fc.bigInt({ min: -200n * MILLION, max: 200n * MILLION });
  const optionalBound = fc.option(fc.oneof(storedUnits, near), { nil: undefined });
  const rule = fc
    .record({
      kind: fc.constantFrom<MetricKind>(...METRIC_KINDS),
      min: optionalBound,
      max: optionalBound,
    })
    .map(({ kind, min, max }): MetricValueRule => {
      const text = (units: bigint | undefined) =>
        units === undefined ? undefined : decimalText(units, SCALE);
      return { kind, min: text(min), max: text(max) };
    });

  it("accepts every storable value within the bounds (whole, for a count)", () => {
    fc.assert(
      fc.property(
        rule,
        fc.bigInt({ min: 0n, max: LIMIT * 2n }),
        fc.integer({ min: 0, max: SCALE }),
        fc.integer({ min: 0, max: 3 }),
        (rule, pick, cut, zeros) => {
          const { min, max } = metricBounds(rule);
          // The whole range the column and the bounds leave, in the kind's steps.
          const step = rule.kind === "count" ? MILLION : 1n;
          const floor = (units: bigint) =>
            units >= 0n ? units / step : -((-units + step - 1n) / step);
          const ceil = (units: bigint) => -floor(-units);
          const low = ceil(min === undefined ? -(LIMIT - 1n) : toUnits(min));
          const high = floor(max === undefined ? LIMIT - 1n : toUnits(max));
          fc.pre(low <= high);
          const units = (low + (pick % (high - low + 1n))) * step;
          expect(checkMetricValue(varied(units, cut, zeros), rule)).toBeUndefined();
        },
      ),
    );
  });

  it("accepts every storable index without bounds", () => {
    fc.assert(
      fc.property(storedDecimal, ({ text }) => {
        expect(checkMetricValue(text, { kind: "index" })).toBeUndefined();
      }),
    );
  });

  it("says a storable value outside the bounds is belowMin or aboveMax, as BigInt does", () => {
    fc.assert(
      fc.property(fc.oneof(storedUnits, near), rule, (anyUnits, rule) => {
        // A count's value whole, so that only the bounds can refuse it.
        const units = rule.kind === "count" ? anyUnits - (anyUnits % MILLION) : anyUnits;
        const text = decimalText(units, SCALE);
        const { min, max } = metricBounds(rule);
        const expected =
          min !== undefined && units < toUnits(min)
            ? { reason: "belowMin", min }
            : max !== undefined && units > toUnits(max)
              ? { reason: "aboveMax", max }
              : undefined;
        expect(checkMetricValue(text, rule)).toEqual(expected);
      }),
    );
  });

  it("says any value with 15 or more integer digits is tooLarge", () => {
    const digits = fc.string({ unit: fc.constantFrom(..."0123456789"), maxLength: 12 });
    fc.assert(
      fc.property(
        fc.constantFrom("", "-"),
        fc.constantFrom(..."123456789"),
        fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: 14, maxLength: 30 }),
        digits,
        rule,
        (sign, first, rest, fraction, rule) => {
          const text = `${sign}${first}${rest}${fraction ? `.${fraction}` : ""}`;
          const integerDigits = 1 + rest.length;
          expect(checkMetricValue(text, rule)).toEqual({ reason: "tooLarge", integerDigits });
        },
      ),
    );
  });

  it("says a storable integer part with 7 or more significant fraction digits is tooPrecise", () => {
    fc.assert(
      fc.property(
        storedUnits,
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 9 }),
        rule,
        (units, extra, last, rule) => {
          const text = `${decimalText(units, SCALE)}${"0".repeat(extra - 1)}${last}`;
          const fractionDigits = SCALE + extra;
          expect(checkMetricValue(text, rule)).toEqual({ reason: "tooPrecise", fractionDigits });
        },
      ),
    );
  });
});
