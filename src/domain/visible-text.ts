/**
 * Characters that show nothing: whitespace, zero-width and other format characters
 * (U+200B, U+2060, U+FEFF …), controls, and the blank "letters" people paste to send an
 * empty-looking message (Hangul fillers, the blank Braille pattern).
 */
const INVISIBLE = "[\\s\\p{Cf}\\p{Cc}\\p{Z}\\u115F\\u1160\\u3164\\uFFA0\\u2800]";
const EDGES = new RegExp(`^${INVISIBLE}+|${INVISIBLE}+$`, "gu");
const ANY_VISIBLE = new RegExp(`(?!${INVISIBLE})[\\s\\S]`, "u");

/**
 * `text` without invisible characters at either end (inside, they are the person's own:
 * a zero-width joiner holds an emoji together).
 *
 * @example visibleTrim("\u200B 巡查 \uFEFF") // "巡查"
 */
export function visibleTrim(text: string): string {
  return text.replace(EDGES, "");
}

/** True when nothing in `text` would show on screen. */
export function isBlank(text: string): boolean {
  return !ANY_VISIBLE.test(text);
}

/** True when `text` holds a letter or a digit, not only punctuation and symbols ("—", "……"). */
export function hasWords(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
