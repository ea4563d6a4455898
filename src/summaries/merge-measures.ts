import { compareText } from "./compare-text.js";
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

/** A measure being merged: its latest wording, whose items it holds. */
interface MergedMeasure {
  key: string;
  text: string;
  /** The bigrams of `key`, worked out when first compared (most measures never are). */
  grams?: { key: string; counts: Map<string, number>; total: number };
  members: Set<string>;
  /** The report (`member|week`) whose item it took last: items of one report are distinct. */
  lastReport: string;
}

/** The same key with every run of digits as one mark: one measure whose figure changed. */
function withoutFigures(key: string): string {
  return key.replace(/\p{N}+/gu, "#");
}

/**
 * The measures of a task over a period, from its reports' items: in order of first appearance
 * (by week, then submission time, then the order given), each once. Two items are one measure
 * when they read the same after {@link cleanMeasure} and ignoring whitespace and punctuation,
 * when they differ only in their figures, when one begins the other (at least 6 characters),
 * or when they are near-duplicates (character bigram similarity ≥ 0.8). A measure keeps its
 * **latest wording**, at the position where it first appeared. Empty items are dropped.
 *
 * Near-duplicates are only looked for among one person's own items of earlier reports: a
 * person rewords their measure from week to week, while two owners' items that read alike
 * differ in what matters ("对汉滨区…" and "对旬阳区…": each reports for their own area), and
 * the items of one report are distinct measures by the person's own account. Exact,
 * figure-only and beginning matches hold across everyone. All but the near-duplicates are
 * looked up in maps, so a quarter of a large campaign merges in about linear time.
 *
 * @example mergeMeasures([{ text: "一是加强秸秆禁烧管控", … }, { text: "加强秸秆禁烧管控，下发通报1期。", … }])
 * // ["加强秸秆禁烧管控，下发通报1期"]
 */
export function mergeMeasures(items: MeasureItem[]): string[] {
  const ordered = items
    .map((item, index) => ({ item, index }))
    .sort(
      (a, b) =>
        compareText(a.item.period, b.item.period) ||
        compareText(a.item.submittedAt, b.item.submittedAt) ||
        a.index - b.index,
    );
  const merged: MergedMeasure[] = [];
  // Every wording a measure has had (its key and its key without figures), and every beginning
  // of at least 6 characters of those keys, point to the measure.
  const byKey = new Map<string, MergedMeasure>();
  const byShape = new Map<string, MergedMeasure>();
  const byBeginning = new Map<string, MergedMeasure>();
  const byMember = new Map<string, MergedMeasure[]>();
  const remember = (measure: MergedMeasure, key: string) => {
    if (byKey.has(key)) return; // its shape and beginnings were taken with it
    byKey.set(key, measure);
    const shape = withoutFigures(key);
    if (!byShape.has(shape)) byShape.set(shape, measure);
    for (const beginning of beginnings(key)) {
      if (!byBeginning.has(beginning)) byBeginning.set(beginning, measure);
    }
  };
  const find = (key: string, memberKey: string, report: string): MergedMeasure | undefined => {
    const known = byKey.get(key) ?? byShape.get(withoutFigures(key)) ?? byBeginning.get(key);
    if (known) return known;
    const earlier = beginnings(key)
      .reverse()
      .find((beginning) => beginning !== key && byKey.has(beginning));
    if (earlier !== undefined) return byKey.get(earlier);
    const grams = bigrams(key);
    const count = total(grams);
    const candidates = (byMember.get(memberKey) ?? []).filter(
      (measure) => measure.lastReport !== report,
    );
    return candidates.find((measure) => {
      const other = gramsOf(measure);
      return dice(grams, count, other.counts, other.total, key, measure.key) >= NEAR_DUPLICATE;
    });
  };
  for (const { item } of ordered) {
    const text = cleanMeasure(item.text);
    const key = comparisonKey(text);
    if (key === "") continue;
    const report = `${item.memberKey}|${item.period}`;
    let measure = find(key, item.memberKey, report);
    if (measure) {
      measure.key = key;
      measure.text = text;
      measure.lastReport = report;
    } else {
      measure = { key, text, members: new Set(), lastReport: report };
      merged.push(measure);
    }
    remember(measure, key);
    if (!measure.members.has(item.memberKey)) {
      measure.members.add(item.memberKey);
      const own = byMember.get(item.memberKey) ?? [];
      own.push(measure);
      byMember.set(item.memberKey, own);
    }
  }
  return merged.map((measure) => measure.text);
}

/** The beginnings of a key of at least {@link MIN_PREFIX_LENGTH} characters, shortest first. */
function beginnings(key: string): string[] {
  const found: string[] = [];
  let beginning = "";
  let length = 0;
  for (const char of key) {
    beginning += char;
    length += 1;
    if (length >= MIN_PREFIX_LENGTH) found.push(beginning);
  }
  return found;
}

function gramsOf(measure: MergedMeasure): { counts: Map<string, number>; total: number } {
  if (measure.grams?.key !== measure.key) {
    const counts = bigrams(measure.key);
    measure.grams = { key: measure.key, counts, total: total(counts) };
  }
  return measure.grams;
}

function total(grams: Map<string, number>): number {
  let sum = 0;
  for (const count of grams.values()) sum += count;
  return sum;
}

/** Sørensen–Dice coefficient of two bigram counts (see {@link similarity}). */
function dice(
  left: Map<string, number>,
  leftCount: number,
  right: Map<string, number>,
  rightCount: number,
  a: string,
  b: string,
): number {
  const sum = leftCount + rightCount;
  if (sum === 0) return a === b ? 1 : 0;
  // Too different in length to reach the threshold: 2·min / (m + n) bounds the coefficient.
  if ((2 * Math.min(leftCount, rightCount)) / sum < NEAR_DUPLICATE) return 0;
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  return (2 * shared) / sum;
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
