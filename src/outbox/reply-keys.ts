/** The idempotency key of the replies to an incoming update (each reply adds `#000`, …). */
export const REPLY_KEY_SEPARATOR = "#";

/** The prefix shared by the keys of all replies queued under `idempotencyKey`. */
export function replyKeyPrefix(idempotencyKey: string): string {
  return `${idempotencyKey}${REPLY_KEY_SEPARATOR}`;
}

/** The idempotency key of the replies to an incoming update. */
export function replyKeyOf(incoming: { platform: string; updateKey: string }): string {
  return `in:${incoming.platform}:${incoming.updateKey}`;
}
