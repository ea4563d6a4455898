/**
 * `text` cut to at most `max` UTF-16 units, ending in "…" when it was cut; a surrogate pair
 * is never split, so the result is always valid Unicode.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutAt(text, max - 1)}…`;
}

/** The first `max` units of `text` (one fewer where that would split a surrogate pair). */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, Math.max(0, end));
}

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
