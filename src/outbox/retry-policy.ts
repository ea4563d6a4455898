/**
 * When a retryable failure is tried again, and for how long. Retries are not counted: a
 * message is given up only once its horizon (from its first attempt) or its `expiresAt` has
 * passed, so an outage of an hour loses nothing.
 */
export interface RetryPolicy {
  /** The first retry's delay; each one after doubles it (default 1 s). */
  baseDelayMs: number;
  /** The longest delay between two attempts (default 5 minutes). */
  maxDelayMs: number;
  /** How long after its first attempt a message is still retried (default 24 hours). */
  horizonMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  horizonMs: 24 * 60 * 60_000,
};

/**
 * The wait before the next attempt of a message that failed its `attempts`-th attempt:
 * the platform's `retry_after` when it gave one, otherwise exponential back-off
 * (1 s, 2 s, 4 s … capped at `maxDelayMs`).
 *
 * @example retryDelayMs(3) // 4000
 */
export function retryDelayMs(
  attempts: number,
  options: { retryAfterMs?: number | undefined; policy?: RetryPolicy } = {},
): number {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const backoff = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempts - 1), policy.maxDelayMs);
  return options.retryAfterMs !== undefined ? Math.max(options.retryAfterMs, 0) : backoff;
}
