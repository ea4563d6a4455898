import type { Logger as SlackLogger } from "@slack/logger";
import { LogLevel, WebClient, type WebClientOptions } from "@slack/web-api";

/** Slack's Web API root, used when `SLACK_API_URL` is not set. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/**
 * `SLACK_API_URL` as duban's clients use it: Slack's own root when unset or empty, and always
 * ending in a slash, so that method names are appended to it (`…/api/` + `chat.postMessage`).
 *
 * @example
 * slackApiUrl("http://127.0.0.1:3000/api"); // "http://127.0.0.1:3000/api/"
 * slackApiUrl(undefined); // "https://slack.com/api/"
 */
export function slackApiUrl(configured?: string): string {
  const url = configured || DEFAULT_SLACK_API_URL;
  return url.endsWith("/") ? url : `${url}/`;
}

/** What a WebClient of duban's is for, and so how it behaves. */
export interface SlackWebClientSettings {
  /** The Web API root as configured (`SLACK_API_URL`; a fake in tests); Slack's by default. */
  apiUrl?: string | undefined;
  /**
   * How a rate-limited call honours Slack's `Retry-After`: `wait` sleeps it out inside the
   * SDK and tries again (with the SDK's retries, for what must answer now: Bolt's own
   * client); `reject` fails at once, so the caller waits it out (the outbox, whose claim's
   * lease is not spent sleeping) and failed requests are retried only a few times, quickly.
   */
  rateLimited: "wait" | "reject";
  /** Where the SDK's lines go (duban's log); without one it logs only errors, to the console. */
  logger?: SlackLogger;
  /** With `reject`: how long one HTTP request may take (default 20 s). */
  timeoutMs?: number;
  /** With `reject`: quick retries of a failed request (network, HTTP 5xx; default 2). */
  retries?: number;
}

/** The options of a WebClient of duban's: the Web API root, its retries, its logger. */
export function slackWebClientOptions(settings: SlackWebClientSettings): WebClientOptions {
  const logging = settings.logger ? { logger: settings.logger } : { logLevel: LogLevel.ERROR };
  const common = { slackApiUrl: slackApiUrl(settings.apiUrl), ...logging };
  // The SDK's own retries (ten in about thirty minutes), each rate limit waited out.
  if (settings.rateLimited === "wait") return { ...common, rejectRateLimitedCalls: false };
  return {
    ...common,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: settings.retries ?? 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
    timeout: settings.timeoutMs ?? 20_000,
  };
}

/** How the outbox's Slack client calls the Web API. */
export type SlackDeliveryClientOptions = Pick<
  SlackWebClientSettings,
  "apiUrl" | "timeoutMs" | "retries"
>;

/**
 * A WebClient for `SlackGateway`. It rejects a rate-limited call at once instead of waiting
 * inside the SDK (`rejectRateLimitedCalls`), so the outbox reschedules the message after
 * Retry-After and the claim's lease is not spent sleeping; and it retries a failed request
 * only a couple of times, quickly, as the outbox retries the message itself later. The SDK
 * logs only errors (to the console): duban's log gets every failure as a DeliveryError.
 */
export function createSlackDeliveryClient(
  token: string,
  options: SlackDeliveryClientOptions = {},
): WebClient {
  return new WebClient(token, slackWebClientOptions({ ...options, rateLimited: "reject" }));
}
