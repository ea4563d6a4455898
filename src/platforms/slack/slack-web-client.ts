import { LogLevel, WebClient } from "@slack/web-api";

/** How the outbox's Slack client calls the Web API. */
export interface SlackDeliveryClientOptions {
  /** The Web API root, ending in `/api/` (a fake Slack in tests); Slack's by default. */
  apiUrl?: string;
  /** How long one HTTP request may take (default 20 s). */
  timeoutMs?: number;
  /** Quick retries of a failed request (network, HTTP 5xx) before giving up (default 2). */
  retries?: number;
}

/**
 * A WebClient for `SlackGateway`. It rejects a rate-limited call at once instead of waiting
 * inside the SDK (`rejectRateLimitedCalls`), so the outbox reschedules the message after
 * Retry-After and the claim's lease is not spent sleeping; and it retries a failed request
 * only a couple of times, quickly, as the outbox retries the message itself later.
 */
export function createSlackDeliveryClient(
  token: string,
  options: SlackDeliveryClientOptions = {},
): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
    timeout: options.timeoutMs ?? 20_000,
    // The SDK logs to the console, beside duban's log, which gets every failure as a
    // DeliveryError anyway.
    logLevel: LogLevel.ERROR,
  });
}
