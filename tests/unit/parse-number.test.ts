import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ParsedNumber, parseReportedNumber } from "../../src/domain/parse-number.js";

const parse = (text: string, expectedUnit?: string): ParsedNumber =>
  parseReportedNumber(text, expectedUnit === undefined ? {} : { expectedUnit });

/** Reference formatter for 0..99999 in standard Chinese numerals (一万零一十, 十二, 一百零五). */
function toChineseNumeral(value: number, useLiang: boolean): string {
  if (value === 0) return "零";
  const digits = "零一二三四五六七八九";
  const places: [number, string][] = [
    [10_000, "万"],
    [1000, "千"],
    [100, "百"],
    [10, "十"],
    [1, ""],
  ];
  let text = "";
  let zeroPending = false;
  for (const [size, name] of places) {
    const digit = Math.floor(value / size) % 10;
    if (digit === 0) {
      zeroPending = text !== "";
      continue;
    }
    if (zeroPending) text += "零";
    zeroPending = false;
    text += `${digits[digit]}${name}`;
  }
  if (text.startsWith("一十")) text = text.slice(1);
  // 两 is the everyday form of 2 before 百, 千 and 万.
  return useLiang ? text.replace(/二(?=[百千万])/g, "两") : text;
}

const toFullWidth = (text: string): string =>
  text.replace(/[0-9.,+-]/g, (char) => String.fromCharCode(char.charCodeAt(0) + 0xfee0));

function withThousands(integer: string, separator: string): string {
  return integer.replace(/\B(?=(\d{3})+$)/g, separator);
}

describe("parseReportedNumber: accepted forms", () => {
  it.each([
    ["67", undefined, 67, "67", undefined],
    ["67处", undefined, 67, "67", "处"],
    ["67处", "处", 67, "67", "处"],
    ["1,234", undefined, 1234, "1234", undefined],
    ["1，234", undefined, 1234, "1234", undefined],
    ["1,234,567.5", undefined, 1234567.5, "1234567.5", undefined],
    ["3.2640", undefined, 3.264, "3.2640", undefined],
    ["-5", undefined, -5, "-5", undefined],
    ["+5", undefined, 5, "5", undefined],
    ["６７", undefined, 67, "67", undefined],
    ["３．２", undefined, 3.2, "3.2", undefined],
    ["十二", undefined, 12, "12", undefined],
    ["一百八十", undefined, 180, "180", undefined],
    ["一百八", undefined, 180, "180", undefined],
    ["两千零五", undefined, 2005, "2005", undefined],
    ["三万", undefined, 30000, "30000", undefined],
    ["三万五", undefined, 35000, "35000", undefined],
    ["三点五万", undefined, 35000, "35000", undefined],
    ["负五", undefined, -5, "-5", undefined],
    ["一点五", undefined, 1.5, "1.5", undefined],
    ["5.11万", undefined, 51100, "51100", undefined],
    ["5.11万", "万方", 5.11, "5.11", "万方"],
    ["5.11万方", "万方", 5.11, "5.11", "万方"],
    ["0.54万方", "万方", 0.54, "0.54", "万方"],
    ["5.11万元", "元", 51100, "51100", "元"],
    ["5千", undefined, 5000, "5000", undefined],
    ["5千克", undefined, 5, "5", "千克"],
    ["5千克", "克", 5000, "5000", "克"],
    ["34 微克/立方米", "微克/立方米", 34, "34", "微克/立方米"],
    ["34微克/立方米", undefined, 34, "34", "微克/立方米"],
    ["34 微克 / 立方米", "微克/立方米", 34, "34", "微克/立方米"],
    ["100%", "%", 100, "100", "%"],
    ["100％", undefined, 100, "100", "%"],
    ["100 KM", "km", 100, "100", "km"],
    ["  67  ", undefined, 67, "67", undefined],
    ["67。", undefined, 67, "67", undefined],
    ["007.50", undefined, 7.5, "7.50", undefined],
    ["-0.0", undefined, 0, "0.0", undefined],
    [".5", undefined, 0.5, "0.5", undefined],
    ["零", undefined, 0, "0", undefined],
  ])("%s (expected unit %s) → %d", (text, expectedUnit, value, decimal, unit) => {
    const result = parse(text, expectedUnit);
    expect(result).toMatchObject({ ok: true, value, decimal, approximate: false });
    expect(result.ok && result.unit).toBe(unit ?? undefined);
  });

  it("keeps the text as typed, trimmed", () => {
    expect(parse("  ６７处 ")).toMatchObject({ ok: true, text: "６７处" });
  });

  it.each([
    ["约180", undefined, 180, undefined],
    ["大约 180", undefined, 180, undefined],
    ["180余", undefined, 180, undefined],
    ["180多", undefined, 180, undefined],
    ["180余起", "起", 180, "起"],
    ["180处左右", "处", 180, "处"],
    ["一百多", undefined, 100, undefined],
  ])("%s is approximate", (text, expectedUnit, value, unit) => {
    const result = parse(text, expectedUnit);
    expect(result).toMatchObject({ ok: true, value, approximate: true });
    expect(result.ok && result.unit).toBe(unit);
  });
});

describe("parseReportedNumber: rejected forms", () => {
  it.each([
    ["", undefined, "empty"],
    ["   ", undefined, "empty"],
    ["abc", undefined, "not_a_number"],
    ["1.2.3", undefined, "not_a_number"],
    ["12abc34", undefined, "not_a_number"],
    ["12.", undefined, "not_a_number"],
    ["1e5", undefined, "not_a_number"],
    ["Infinity", undefined, "not_a_number"],
    ["约", undefined, "not_a_number"],
    ["一点", undefined, "not_a_number"],
    ["百", undefined, "not_a_number"],
    ["1".padEnd(400, "0"), undefined, "not_a_number"],
    ["67处", "个", "unit_mismatch"],
    ["100 km", "m", "unit_mismatch"],
    ["3 4", undefined, "ambiguous"],
    ["3 4个", "个", "ambiguous"],
    ["3-5", undefined, "ambiguous"],
    ["3，4", undefined, "ambiguous"],
    ["1,2345", undefined, "ambiguous"],
    ["三 四", undefined, "ambiguous"],
    ["五六", undefined, "ambiguous"],
    ["二〇二二", undefined, "ambiguous"],
  ])("%j (expected unit %s) → %s", (text, expectedUnit, reason) => {
    expect(parse(text, expectedUnit)).toEqual({ ok: false, reason });
  });

  it.each([
    ["41,5", undefined, "41.5"],
    ["41,5%", "%", "41.5%"],
    ["0,12 %", "%", "0.12 %"],
    ["-3,25", undefined, "-3.25"],
  ])(
    "%j (expected unit %s) is a decimal comma, suggested as %j",
    (text, expectedUnit, suggestion) => {
      expect(parse(text, expectedUnit)).toEqual({ ok: false, reason: "decimal_comma", suggestion });
    },
  );

  it("keeps thousands separators, full-width commas and longer runs out of the decimal comma", () => {
    expect(parse("1,250")).toMatchObject({ ok: true, decimal: "1250" });
    expect(parse("3，4")).toEqual({ ok: false, reason: "ambiguous" });
    expect(parse("1,2345")).toEqual({ ok: false, reason: "ambiguous" });
    expect(parse("1,5,7")).toEqual({ ok: false, reason: "ambiguous" });
  });
});

describe("parseReportedNumber: properties", () => {
  it("round-trips any integer printed with toString()", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (value) => {
        expect(parse(String(value))).toMatchObject({ ok: true, value, decimal: String(value) });
      }),
    );
  });

  it("round-trips any double printed with toString() in plain notation", () => {
    const plainDoubles = fc
      .double({ noNaN: true, noDefaultInfinity: true })
      .filter((value) => !String(value).includes("e"));
    fc.assert(
      fc.property(plainDoubles, (value) => {
        const text = String(value);
        expect(parse(text)).toMatchObject({ ok: true, value: Number(text), decimal: text });
      }),
    );
  });

  const integerDigits = fc.stringMatching(/^[1-9]\d{0,11}$/);
  const fractionDigits = fc.stringMatching(/^\d{0,6}$/);

  it("round-trips numbers with thousands separators, ASCII or full-width", () => {
    fc.assert(
      fc.property(
        integerDigits,
        fractionDigits,
        fc.constantFrom(",", "，"),
        (integer, fraction, sep) => {
          const plain = fraction ? `${integer}.${fraction}` : integer;
          const typed = `${withThousands(integer, sep)}${fraction ? `.${fraction}` : ""}`;
          expect(parse(typed)).toMatchObject({ ok: true, value: Number(plain), decimal: plain });
        },
      ),
    );
  });

  it("round-trips full-width digits", () => {
    fc.assert(
      fc.property(fc.boolean(), integerDigits, fractionDigits, (negative, integer, fraction) => {
        const plain = `${negative ? "-" : ""}${integer}${fraction ? `.${fraction}` : ""}`;
        expect(parse(toFullWidth(plain))).toMatchObject({ ok: true, value: Number(plain) });
      }),
    );
  });

  it("round-trips a number followed by the expected unit, with or without a space", () => {
    const units = ["处", "个", "天", "微克/立方米", "万方", "万元", "%", "km", "m³", "m2", "千克"];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e7 }),
        fc.integer({ min: 0, max: 9999 }),
        fc.constantFrom(...units),
        fc.constantFrom("", " "),
        (integer, fraction, unit, space) => {
          const plain = `${integer}.${fraction}`;
          const result = parse(`${plain}${space}${unit}`, unit);
          expect(result).toMatchObject({ ok: true, value: Number(plain), unit });
        },
      ),
    );
  });

  it("round-trips Chinese numerals for 0..99999", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.boolean(), (value, useLiang) => {
        const text = toChineseNumeral(value, useLiang);
        expect(parse(text), text).toMatchObject({ ok: true, value, decimal: String(value) });
      }),
      { numRuns: 2000 },
    );
  });

  it("never throws on junk, and any success is a finite number matching its decimal", () => {
    const alphabet = [
      ..."0123456789０１２３ .,，．-+%万亿千百十一二两三零点约余多左右处个 \u3000abc/。",
    ];
    const junk = fc.oneof(
      fc.string({ unit: "binary", maxLength: 30 }),
      fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 20 }),
    );
    fc.assert(
      fc.property(junk, fc.option(fc.constantFrom("处", "万方", "%", "")), (text, unit) => {
        const result = parse(text, unit ?? undefined);
        if (result.ok) {
          expect(Number.isFinite(result.value)).toBe(true);
          expect(result.value).toBe(Number(result.decimal));
        } else {
          expect([
            "empty",
            "not_a_number",
            "unit_mismatch",
            "ambiguous",
            "decimal_comma",
          ]).toContain(result.reason);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
