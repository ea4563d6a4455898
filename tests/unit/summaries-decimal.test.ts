import { Decimal } from "decimal.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareDecimals,
  formatFigure,
  meanDecimals,
  reportedFractionDigits,
  sumDecimals,
} from "../../src/summaries/decimal.js";

describe("summary decimals", () => {
  it("adds exactly, without binary noise", () => {
    expect(sumDecimals(["0.1", "0.2"])).toBe("0.3");
    expect(sumDecimals(["3.01", "2.1"])).toBe("5.11");
    expect(sumDecimals([])).toBe("0");
    expect(sumDecimals(["-1.5", "1.5"])).toBe("0");
  });

  it("averages to 6 fraction digits, rounding half up", () => {
    expect(meanDecimals(["1", "2", "2"])).toBe("1.666667");
    expect(meanDecimals(["34", "35"])).toBe("34.5");
    expect(meanDecimals(["0.0000005", "0"])).toBe("0");
    expect(meanDecimals(["0.000001", "0"])).toBe("0.000001");
    expect(meanDecimals([])).toBeUndefined();
  });

  it("compares exactly", () => {
    expect(compareDecimals("100", "100.0")).toBe(0);
    expect(compareDecimals("99.9999999999999999999", "100")).toBe(-1);
    expect(compareDecimals("3.2641", "3.264")).toBe(1);
  });

  it("shows the fraction digits a figure was typed with, and never groups digits", () => {
    expect(formatFigure("3.264", "index", "zh-CN", 4)).toBe("3.2640");
    expect(formatFigure("5.11", "amount", "en", 2)).toBe("5.11");
    expect(formatFigure("100", "ratio", "zh-CN", 0)).toBe("100");
    expect(formatFigure("1234567", "count", "en")).toBe("1234567");
    expect(formatFigure("34.5", "amount", "zh-CN", 0, { mean: true })).toBe("34.5");
    expect(formatFigure("1.666667", "ratio", "zh-CN", 0, { mean: true })).toBe("1.67");
    expect(formatFigure("2", "ratio", "zh-CN", 1, { mean: true })).toBe("2.0");
  });

  it("reads the digits from what was typed, against the metric's unit", () => {
    expect(reportedFractionDigits("3.264", "3.2640", {})).toBe(4);
    expect(reportedFractionDigits("5.11", "5.11万方", { unit: "万方" })).toBe(2);
    expect(reportedFractionDigits("2.1", "2.10", { unit: "万方" })).toBe(2);
    // Nothing typed kept, or typed text that does not match the stored value: the stored digits.
    expect(reportedFractionDigits("3.264", undefined, {})).toBe(3);
    expect(reportedFractionDigits("7", "一百八十", {})).toBe(0);
  });
});

describe("stored figures through bigints agree with decimal.js", () => {
  const stored = fc
    .tuple(
      fc.boolean(),
      fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }),
      fc.integer({ min: 0, max: 6 }),
    )
    .map(([negative, digits, places]) => {
      const text = digits.toString().padStart(places + 1, "0");
      const whole = text.slice(0, text.length - places);
      const fraction = text.slice(text.length - places);
      const value = places > 0 ? `${whole}.${fraction}` : whole;
      return negative && digits !== 0n ? `-${value}` : value;
    });
  const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
  const text = (value: Decimal) => (value.isZero() ? "0" : value.toFixed());

  it("sums, means and comparisons", () => {
    fc.assert(
      fc.property(fc.array(stored, { minLength: 1, maxLength: 12 }), (values) => {
        const total = values.reduce((sum, value) => sum.plus(value), new Exact(0));
        expect(sumDecimals(values)).toBe(text(total));
        expect(meanDecimals(values)).toBe(text(total.dividedBy(values.length).toDecimalPlaces(6)));
        const [a = "0", b = "0"] = values;
        const expected = new Exact(a).comparedTo(b);
        expect(compareDecimals(a, b)).toBe(expected < 0 ? -1 : expected > 0 ? 1 : 0);
      }),
      { numRuns: 500 },
    );
  });
});
