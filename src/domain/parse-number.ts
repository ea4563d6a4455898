/**
 * Reads the figure a person typed in chat for a metric ("67处", "1，234", "5.11万方", "一百八十",
 * "约180") into an exact number.
 *
 * Decisions:
 * - `decimal` is the canonical ASCII decimal string: no sign for zero, no `+`, no thousands
 *   separators, no leading zeros, but the fraction digits exactly as typed ("3.2640" stays
 *   "3.2640"), because trailing zeros carry the precision a report prints. `value` is
 *   `Number(decimal)`, so it is the double nearest to what was typed, with no arithmetic noise.
 * - 万 and 亿 after a number are magnitudes ("5.11万" → 51100, shifted in the string, not by
 *   multiplying); 千 and 百 after Arabic digits only when nothing else follows, since "5千克"
 *   is five kilograms. When the expected unit itself starts with 万 or 亿 ("万方"), "5.11万" and
 *   "5.11万方" mean 5.11 of that unit.
 * - A unit given after the number must equal `expectedUnit` (ignoring spaces and case) or be
 *   absent. Without an expected unit the trailing text is returned as the unit; it may not
 *   contain digits then ("m2" is accepted only as an expected unit).
 * - Two numbers ("3 4", "3-5", "3，4", "五六") are `ambiguous`, never silently one of them.
 * - A decimal comma ("41,5", "0,12 %": an ASCII comma and one or two digits, which no
 *   thousands separator has) is `decimal_comma`, with the figure written with a point as
 *   `suggestion`: it is very likely meant, but is not taken without the person saying so.
 * - Exponents ("1e5"), "Infinity" and hexadecimal are not numbers a person reports.
 */

/** The outcome of {@link parseReportedNumber}. */
export type ParsedNumber =
  | {
      ok: true;
      value: number;
      /** Canonical decimal string (see the module notes), e.g. "51100" for "5.11万". */
      decimal: string;
      /** The unit as typed; the expected unit's own spelling when it matched. */
      unit?: string;
      /** Marked approximate by the sender: 约, 大约, 大概, 近, 将近, 余, 多, 左右, 上下. */
      approximate: boolean;
      /** The input as typed, trimmed. */
      text: string;
    }
  | { ok: false; reason: ParseNumberFailure; suggestion?: string };

/** Why a text is not a reported number. */
export type ParseNumberFailure =
  | "empty"
  | "not_a_number"
  | "unit_mismatch"
  | "ambiguous"
  | "decimal_comma";

/** A number written with a decimal comma: ASCII comma, one or two digits, no more digits. */
const DECIMAL_COMMA = /^([+-]?\d+),(\d{1,2})(?![\d.,])/;

/** Options of {@link parseReportedNumber}. */
export interface ParseNumberOptions {
  /** The metric's unit, e.g. "处", "微克/立方米", "万方", "%". */
  expectedUnit?: string;
}

// Everyday and financial (大写) forms.
// biome-ignore format: a table reads better packed
const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
// biome-ignore format: a table reads better packed
const CHINESE_SMALL_UNITS: Readonly<Record<string, number>> = {
  十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000,
};
const CHINESE_BIG_UNITS: Readonly<Record<string, number>> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };
// biome-ignore format: a table reads better packed
const MAGNITUDE_EXPONENTS: Readonly<Record<string, number>> = {
  万亿: 12, 万: 4, 萬: 4, 亿: 8, 億: 8, 千: 3, 仟: 3, 百: 2, 佰: 2,
};

const CHINESE_NUMERAL_RUN = /^[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億点]+/;
const ARABIC_NUMBER = /^(\d{1,3}(?:,\d{3}(?!\d))+|\d*)(?:\.(\d+))?/;
const LEADING_APPROXIMATE = /^(大约|大概|将近|约|近)\s*/;
const TRAILING_APPROXIMATE = /\s*(左右|上下)$/;
const SEPARATORS = /^[\s,;、/~\-至到或和及]+/;

type Failure = { reason: ParseNumberFailure };
type Reading = { decimal: string; rest: string; approximate: boolean } | Failure;

/** Full-width ASCII (６７, ．, ，, ％, －) and the ideographic space to their ASCII forms. */
function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, " ")
    .replace(/\u2212/g, "-");
}

/** `text` without a trailing `suffix`, comparing without spaces and case; else `undefined`. */
function stripSuffix(text: string, suffix: string): string | undefined {
  const wanted = [...suffix.replace(/\s+/g, "").toLowerCase()];
  const chars = [...text];
  if (wanted.length === 0) return undefined;
  let end = chars.length;
  for (let index = wanted.length - 1; index >= 0; index -= 1) {
    while (end > 0 && /\s/.test(chars[end - 1] ?? "")) end -= 1;
    if (end === 0 || (chars[end - 1] ?? "").toLowerCase() !== wanted[index]) return undefined;
    end -= 1;
  }
  return chars.slice(0, end).join("").trimEnd();
}

function canonicalDecimal(negative: boolean, integer: string, fraction: string): string {
  const digits = integer.replace(/^0+(?=\d)/, "") || "0";
  const isZero = /^[0.]*$/.test(digits + fraction);
  return `${negative && !isZero ? "-" : ""}${digits}${fraction ? `.${fraction}` : ""}`;
}

/** Moves the decimal point `exponent` places right, exactly: ("5.11", 4) → "51100". */
function shiftDecimal(decimal: string, exponent: number): string {
  const negative = decimal.startsWith("-");
  const [integer = "", fraction = ""] = decimal.replace("-", "").split(".");
  const padded = fraction.padEnd(exponent, "0");
  return canonicalDecimal(negative, integer + padded.slice(0, exponent), padded.slice(exponent));
}

type ChineseNumeralPart = "start" | "digit" | "zero" | "unit";

/** A Chinese integer such as 一百八十, 两千零五, 十二万, 三万五; `ambiguous` for 五六. */
function parseChineseInteger(text: string): { value: number } | Failure {
  let total = 0;
  let section = 0; // the part below the last 万/亿
  let digit: number | undefined;
  let previous: ChineseNumeralPart = "start";
  let beforeDigit: ChineseNumeralPart = "start";
  let lastUnit = 1;
  let smallestSmallUnit = Number.POSITIVE_INFINITY;
  let smallestBigUnit = Number.POSITIVE_INFINITY;
  for (const char of text) {
    const value = CHINESE_DIGITS[char];
    const small = CHINESE_SMALL_UNITS[char];
    const big = CHINESE_BIG_UNITS[char];
    if (value !== undefined) {
      // Bare digits in a row are read digit by digit ("二〇二二") or as a range ("五六").
      if (previous === "digit") return { reason: "ambiguous" };
      if (value === 0) {
        previous = "zero";
      } else {
        digit = value;
        beforeDigit = previous;
        previous = "digit";
      }
    } else if (small !== undefined) {
      // 十 alone means 一十 ("十二"); 百 and 千 need their digit.
      if (small >= smallestSmallUnit || (digit === undefined && small !== 10)) {
        return { reason: "not_a_number" };
      }
      section += (digit ?? 1) * small;
      digit = undefined;
      previous = "unit";
      lastUnit = small;
      smallestSmallUnit = small;
    } else if (big !== undefined) {
      section += digit ?? 0;
      if (big >= smallestBigUnit || section === 0) return { reason: "not_a_number" };
      total += section * big;
      section = 0;
      digit = undefined;
      previous = "unit";
      lastUnit = big;
      smallestSmallUnit = Number.POSITIVE_INFINITY;
      smallestBigUnit = big;
    } else {
      return { reason: "not_a_number" };
    }
  }
  if (previous === "start") return { reason: "not_a_number" };
  if (digit !== undefined) {
    // A last digit straight after 百, 千, 万 or 亿 is one place lower: 一百八 = 180, 三万五 = 35000.
    const abbreviated = beforeDigit === "unit" && lastUnit >= 100;
    section += abbreviated ? (digit * lastUnit) / 10 : digit;
  }
  return { value: total + section };
}

/** Reads a Chinese numeral, with an optional 点 fraction and magnitude: 一点五, 三点五万. */
function readChineseNumeral(numeral: string, negative: boolean): { decimal: string } | Failure {
  const [integerText = "", fractionText, ...extra] = numeral.split("点");
  if (extra.length > 0) return { reason: "not_a_number" };
  const integer = parseChineseInteger(integerText);
  if ("reason" in integer) return integer;
  if (fractionText === undefined) {
    return { decimal: canonicalDecimal(negative, String(integer.value), "") };
  }
  const fraction = /^([零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖]+)(万亿|万|萬|亿|億)?$/.exec(
    fractionText,
  );
  if (!fraction?.[1]) return { reason: "not_a_number" };
  const digits = [...fraction[1]].map((char) => CHINESE_DIGITS[char]).join("");
  const decimal = canonicalDecimal(negative, String(integer.value), digits);
  const exponent = fraction[2] ? (MAGNITUDE_EXPONENTS[fraction[2]] ?? 0) : 0;
  return { decimal: shiftDecimal(decimal, exponent) };
}

/** Reads the number at the start of `text`, then its magnitude and 余/多 marker. */
function readNumber(text: string): Reading {
  const sign = /^([+-]|负)?\s*/.exec(text);
  const negative = sign?.[1] === "-" || sign?.[1] === "负";
  let rest = text.slice(sign?.[0].length ?? 0);
  let decimal: string;
  const arabic = ARABIC_NUMBER.exec(rest);
  if (arabic && (arabic[1] || arabic[2])) {
    decimal = canonicalDecimal(negative, (arabic[1] ?? "").replace(/,/g, ""), arabic[2] ?? "");
    rest = rest.slice(arabic[0].length);
    const magnitude =
      /^\s*(万亿|万|萬|亿|億)/.exec(rest) ?? /^\s*(千|仟|百|佰)(?=\s*(余|多)?\s*$)/.exec(rest);
    if (magnitude?.[1]) {
      decimal = shiftDecimal(decimal, MAGNITUDE_EXPONENTS[magnitude[1]] ?? 0);
      rest = rest.slice(magnitude[0].length);
    }
  } else {
    const numeral = CHINESE_NUMERAL_RUN.exec(rest)?.[0];
    if (!numeral) return { reason: "not_a_number" };
    const read = readChineseNumeral(numeral, negative);
    if ("reason" in read) return read;
    decimal = read.decimal;
    rest = rest.slice(numeral.length);
  }
  const marker = /^\s*(余|多)/.exec(rest);
  if (marker) rest = rest.slice(marker[0].length);
  // The rest keeps its leading space: "3 4" is two numbers, "34 微克" a number and its unit.
  return { decimal, rest: rest.trimEnd(), approximate: marker !== null };
}

function startsWithNumber(text: string): boolean {
  return /^[+-]?\.?\d/.test(text) || /^[零〇一二两三四五六七八九十]/.test(text);
}

/**
 * Parses a figure typed in chat, in Arabic or Chinese numerals, with an optional unit and
 * approximation marker (see the module notes for every rule).
 *
 * @example parseReportedNumber("67处", { expectedUnit: "个" }) // { ok: false, reason: "unit_mismatch" }
 * @example parseReportedNumber("5.11万方", { expectedUnit: "万方" }) // value 5.11, unit "万方"
 * @example parseReportedNumber("5.11万") // value 51100, decimal "51100"
 * @example parseReportedNumber("180余起") // value 180, unit "起", approximate true
 */
export function parseReportedNumber(text: string, options: ParseNumberOptions = {}): ParsedNumber {
  const typed = text.trim();
  // A Chinese full stop ends the sentence, it is not part of the figure.
  let body = toHalfWidth(typed).replace(/。$/, "").trim();
  if (body === "") return { ok: false, reason: "empty" };

  let approximate = false;
  for (const marker of [LEADING_APPROXIMATE, TRAILING_APPROXIMATE]) {
    const stripped = body.replace(marker, "");
    approximate ||= stripped !== body;
    body = stripped;
  }

  const expectedUnit = options.expectedUnit ? toHalfWidth(options.expectedUnit).trim() : "";
  let matchedUnit = false;
  if (expectedUnit) {
    // "5.11万" for a metric in 万方 abbreviates the unit, it does not multiply.
    const leadingMagnitude = /^(万亿|万|亿)/.exec(expectedUnit)?.[0];
    const withoutUnit =
      stripSuffix(body, expectedUnit) ?? (leadingMagnitude && stripSuffix(body, leadingMagnitude));
    if (withoutUnit !== undefined && withoutUnit !== "") {
      [body, matchedUnit] = [withoutUnit, true];
    }
  }

  const reading = readNumber(body);
  if ("reason" in reading) return { ok: false, reason: reading.reason };
  const { decimal } = reading;
  const rest = reading.rest.trim();
  if (rest !== "") {
    const afterSeparator = reading.rest.replace(SEPARATORS, "");
    if (afterSeparator !== reading.rest && startsWithNumber(afterSeparator)) {
      const comma = DECIMAL_COMMA.exec(typed);
      if (comma) {
        const suggestion = `${comma[1]}.${comma[2]}${typed.slice(comma[0].length)}`;
        return { ok: false, reason: "decimal_comma", suggestion };
      }
      return { ok: false, reason: "ambiguous" };
    }
    if (/\d/.test(rest) || !/^[\p{L}\p{S}%‰]/u.test(rest))
      return { ok: false, reason: "not_a_number" };
    if (expectedUnit) return { ok: false, reason: "unit_mismatch" };
  }

  const value = Number(decimal);
  if (!Number.isFinite(value)) return { ok: false, reason: "not_a_number" };
  const unit = matchedUnit ? expectedUnit : rest || undefined;
  return {
    ok: true,
    value,
    decimal,
    ...(unit ? { unit } : {}),
    approximate: approximate || reading.approximate,
    text: typed,
  };
}
