/** One progress item (or problem, or next step) as a weekly report gave it. */
export interface MeasureItem {
  text: string;
  /** ISO week, `2022-W23`. */
  period: string;
  memberKey: string;
  /** ISO instant. */
  submittedAt: string;
}

/** Enumeration markers people type before an item: 一是, 二、, 1., 1、, (1), （一）, ①, -, •. */
const LEADING_MARKER =
  /^\s*(?:(?:[一二三四五六七八九十]+|\d+)\s*是|[（(]\s*(?:[一二三四五六七八九十]+|\d+)\s*[)）]|(?:[一二三四五六七八九十]+|\d+)\s*[.、．:：)）]|[①-⑳]|[-•·*])\s*/u;
const TRAILING_PUNCTUATION = /[\s。；;，,、.．:：!！]+$/u;
/** Whatever is not a letter or a digit, for comparing two wordings. */
const NOT_WORD = /[^\p{L}\p{N}]/gu;

/** Shorter keys than this never count as the beginning of a longer item ("加强" would match all). */
const MIN_PREFIX_LENGTH = 6;
/** Character-bigram similarity (Dice) from which two wordings are one measure. */
const NEAR_DUPLICATE = 0.8;

/**
 * An item as a document shows it: enumeration markers ("一是", "1.", "（一）") and trailing
 * 。；, stripped, runs of whitespace collapsed. @example cleanMeasure("二是 严格扬尘管控。") // "严格扬尘管控"
 */
export function cleanMeasure(text: string): string {
  let cleaned = text.replace(/\s+/g, " ").trim();
  for (let previous = ""; previous !== cleaned; ) {
    previous = cleaned;
    cleaned = cleaned.replace(LEADING_MARKER, "");
  }
  return cleaned.replace(TRAILING_PUNCTUATION, "").trim();
}

function comparisonKey(text: string): string {
  return text.replace(NOT_WORD, "").toLowerCase();
}

function bigrams(text: string): Map<string, number> {
  const chars = [...text];
  const counts = new Map<string, number>();
  for (let index = 0; index + 1 < chars.length; index += 1) {
    const pair = `${chars[index]}${chars[index + 1]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Sørensen–Dice coefficient of character bigrams, 0 (nothing shared) to 1 (same). */
function similarity(a: string, b: string): number {
  const [left, right] = [bigrams(a), bigrams(b)];
  const total = [...left.values(), ...right.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return a === b ? 1 : 0;
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return (2 * shared) / total;
}

/** Whether two comparison keys name the same measure (see {@link mergeMeasures}). */
export function sameMeasure(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (shorter.length >= MIN_PREFIX_LENGTH && longer.startsWith(shorter)) return true;
  return similarity(a, b) >= NEAR_DUPLICATE;
}

/**
 * The measures of a task over a period, from its reports' items: in order of first appearance
 * (by week, then submission time, then the order given), each once. Two items are one measure
 * when they read the same after {@link cleanMeasure} and ignoring whitespace and punctuation,
 * when one begins the other (at least 6 characters), or when they are near-duplicates (character
 * bigram similarity ≥ 0.8, e.g. one figure changed from one week to the next). A measure keeps
 * its **latest wording**, at the position where it first appeared. Empty items are dropped.
 *
 * @example mergeMeasures([{ text: "一是加强秸秆禁烧管控", … }, { text: "加强秸秆禁烧管控，下发通报1期。", … }])
 * // ["加强秸秆禁烧管控，下发通报1期"]
 */
export function mergeMeasures(items: MeasureItem[]): string[] {
  const ordered = items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        a.item.period.localeCompare(b.item.period) ||
        a.item.submittedAt.localeCompare(b.item.submittedAt) ||
        a.index - b.index,
    );
  const merged: { key: string; text: string }[] = [];
  for (const { item } of ordered) {
    const text = cleanMeasure(item.text);
    const key = comparisonKey(text);
    if (key === "") continue;
    const same = merged.find((measure) => sameMeasure(measure.key, key));
    if (same) {
      same.key = key;
      same.text = text;
    } else {
      merged.push({ key, text });
    }
  }
  return merged.map((measure) => measure.text);
}

/**
 * Splits a free-text answer (problems, next steps) into items: at line breaks, at "；", and
 * before an enumeration marker such as "二是" that follows 。 or ，. @example splitItems("一是资金缺口大；二是进度不平衡") // ["一是资金缺口大", "二是进度不平衡"]
 */
export function splitItems(text: string): string[] {
  return text
    .split(/\n+|[；;]|(?<=[。.，,])\s*(?=[一二三四五六七八九十]+是)/u)
    .map((part) => part.trim())
    .filter((part) => comparisonKey(part) !== "");
}
