import { createHash } from "node:crypto";

/** Telegram's `callback_data` holds 1-64 bytes of UTF-8. */
export const CALLBACK_DATA_BYTES = 64;

/** A key: `~` then 32 base64url characters (24 bytes of SHA-256), 33 bytes in all. */
const KEY_PATTERN = /^~[A-Za-z0-9_-]{32}$/;

/**
 * The key that stands for `data` in a button: `~` + base64url of the first 24 bytes of the
 * data's SHA-256. A hash rather than a random id, so rendering a reply stays deterministic
 * (the outbox may render it again to resume a split reply) and the same data shares one row.
 * 192 bits leave no practical chance of two data sharing a key.
 *
 * @example buttonKeyOf("x".repeat(300)) // "~" + 32 characters of [A-Za-z0-9_-]
 */
export function buttonKeyOf(data: string): string {
  const digest = createHash("sha256").update(data, "utf8").digest().subarray(0, 24);
  return `~${digest.toString("base64url")}`;
}

/** Whether `callbackData` is a key (to look up in the button store) rather than the data. */
export function isButtonKey(callbackData: string): boolean {
  return KEY_PATTERN.test(callbackData);
}

/**
 * What a button carries for `data`: the data itself when it fits Telegram's 64 bytes (every
 * button the core makes today), else its key. Data that fits but looks like a key is keyed
 * too, so a tapped key always means "look it up" and never the data itself.
 */
export function callbackDataFor(data: string): { callbackData: string; keyed: boolean } {
  const fits = Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_BYTES;
  return fits && !isButtonKey(data)
    ? { callbackData: data, keyed: false }
    : { callbackData: buttonKeyOf(data), keyed: true };
}
