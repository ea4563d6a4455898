import { hasWords, visibleTrim } from "../domain/visible-text.js";

/**
 * Leading list markers people type before an item: "1." "1、" "(1)" "（1）" "①" "一是"
 * "一、" "第一，" "-" "•" "*" "·". "1.5万吨" keeps its digits: a dot before a digit is a
 * decimal point, not a marker.
 */
const LIST_MARKERS: readonly RegExp[] = [
  /^\d{1,2}(?:\.(?!\d)|[、)）:：])\s*/,
  /^[(（]\s*\d{1,2}\s*[)）]\s*/,
  /^[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）]\s*/,
  /^[\u2460-\u2473\u2776-\u277F]\s*/,
  /^[一二三四五六七八九十]{1,3}\s*(?:是|、)\s*/,
  /^第[一二三四五六七八九十]{1,3}\s*[，,、：:]\s*/,
  /^[-–—•·*●▪■◆]\s*/,
];

/** `line` without its list marker, trimmed (of invisible characters too). */
export function stripListMarker(line: string): string {
  let text = visibleTrim(line);
  for (const marker of LIST_MARKERS) {
    const stripped = text.replace(marker, "");
    if (stripped !== text) {
      text = visibleTrim(stripped);
      break;
    }
  }
  return text;
}

/**
 * The progress items in one message. The first message of a round may hold several items,
 * one per line; a later message is one item (its line breaks are the member's own). A line
 * of only punctuation ("——" between paragraphs) is no item. Items are never truncated:
 * adapters split long messages, not the core.
 *
 * @example progressItems("1. 巡查暗访\n\n二是严格扬尘管控", { multiLine: true }) // ["巡查暗访", "严格扬尘管控"]
 */
export function progressItems(text: string, options: { multiLine: boolean }): string[] {
  if (!options.multiLine) {
    const item = stripListMarker(text);
    return hasWords(item) ? [item] : [];
  }
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(stripListMarker)
    .filter(hasWords);
}
