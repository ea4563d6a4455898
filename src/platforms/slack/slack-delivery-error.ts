import { ErrorCode } from "@slack/web-api";
import { isRecord } from "../../core/is-record.js";
import {
  DeliveryError,
  type DeliveryErrorKind,
  type DeliveryErrorOptions,
} from "../../outbox/chat-gateway.js";

/** Slack's answers that mean a try a little later may pass. */
const RETRYABLE_CODES = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
]);

/** Slack's answers that mean nothing can reach this person or channel. */
const UNREACHABLE_CODES = new Set([
  "channel_not_found",
  "user_not_found",
  "is_archived",
  "not_in_channel",
  "account_inactive",
  "user_disabled",
  "cannot_dm_bot",
  "messages_tab_disabled",
]);

/** A failed Slack call as the outbox sees it, naming the Web API method that failed. */
export class SlackDeliveryError extends DeliveryError {
  constructor(
    message: string,
    readonly method: string,
    options: DeliveryErrorOptions,
  ) {
    super(message, options);
    this.name = "SlackDeliveryError";
  }
}

/**
 * A Slack SDK failure as a `DeliveryError`. Rate limited (HTTP 429, with
 * `rejectRateLimitedCalls`) is retryable after Retry-After; HTTP 5xx, network failures and
 * Slack's own trouble (`internal_error`, `fatal_error`, `service_unavailable`,
 * `request_timeout`) are retryable, as is anything unrecognised; a missing, archived or
 * disabled channel or person is unreachable; every other refusal (`invalid_auth`,
 * `token_revoked`, `msg_too_long`, `invalid_blocks`, `no_text`, …) is permanent. The message
 * names the method and Slack's code, never the message text.
 */
export function toSlackDeliveryError(error: unknown, method: string): SlackDeliveryError {
  const fail = (kind: DeliveryErrorKind, what: string, retryAfterMs?: number) =>
    new SlackDeliveryError(`slack ${method}: ${what}`, method, {
      kind,
      cause: error,
      ...(retryAfterMs !== undefined ? { retryAfterMs, rateLimited: true } : {}),
    });
  const failure = readSlackError(error);
  switch (failure.errorKind) {
    case "rate_limited":
      return fail("retryable", "rate limited", secondsToMs(failure.retryAfter) ?? 1000);
    case "api": {
      const code = failure.error;
      if (code === "ratelimited") {
        return fail("retryable", code, secondsToMs(failure.retryAfter) ?? 1000);
      }
      if (RETRYABLE_CODES.has(code)) return fail("retryable", code);
      return fail(UNREACHABLE_CODES.has(code) ? "unreachable" : "permanent", code);
    }
    case "http": {
      const status = failure.statusCode;
      const retryable = status === undefined || status >= 500 || status === 408 || status === 429;
      return fail(retryable ? "retryable" : "permanent", `HTTP ${status ?? "?"}`);
    }
    case "network":
      return fail("retryable", `network: ${failure.reason}`);
    case "upload":
      return fail("permanent", failure.code);
    case "other":
      return fail("retryable", failure.message);
  }
}

/**
 * The fields of a Slack failure worth logging: the method (for a `SlackDeliveryError`),
 * the SDK's code, Slack's error code and what it said of the request's shape, the HTTP
 * status, the network reason; for anything else its type and message. Never the request
 * payload, so never a message text or a token.
 */
export function describeSlackError(error: unknown): Record<string, unknown> {
  if (error instanceof SlackDeliveryError) {
    const about = { method: error.method, kind: error.kind };
    return error.cause === undefined
      ? { ...about, message: error.message }
      : { ...about, ...describeSlackError(error.cause) };
  }
  const failure = readSlackError(error);
  return failure.errorKind === "other" ? { ...failure, type: errorName(error) } : { ...failure };
}

/** What a thrown value is, read from its shape (so a second copy of the SDK reads alike). */
type SlackFailure =
  | { errorKind: "rate_limited"; code: string; retryAfter?: number }
  | {
      errorKind: "api";
      code: string;
      error: string;
      needed?: string;
      provided?: string;
      messages?: string[];
      retryAfter?: number;
    }
  | { errorKind: "http"; code: string; statusCode?: number }
  | { errorKind: "network"; code: string; reason: string }
  | { errorKind: "upload"; code: string }
  | { errorKind: "other"; message: string };

function readSlackError(error: unknown): SlackFailure {
  const value = isRecord(error) ? error : {};
  const code = typeof value.code === "string" ? value.code : undefined;
  switch (code) {
    case ErrorCode.RateLimitedError:
      return { errorKind: "rate_limited", code, ...optionalNumber("retryAfter", value.retryAfter) };
    case ErrorCode.PlatformError: {
      const data = isRecord(value.data) ? value.data : {};
      const metadata = isRecord(data.response_metadata) ? data.response_metadata : {};
      const messages = Array.isArray(metadata.messages)
        ? metadata.messages.filter((line): line is string => typeof line === "string")
        : [];
      return {
        errorKind: "api",
        code,
        error: typeof data.error === "string" ? data.error : "unknown_error",
        ...optionalString("needed", data.needed),
        ...optionalString("provided", data.provided),
        ...(messages.length > 0 ? { messages } : {}),
        ...optionalNumber("retryAfter", metadata.retryAfter),
      };
    }
    case ErrorCode.HTTPError:
      return { errorKind: "http", code, ...optionalNumber("statusCode", value.statusCode) };
    case ErrorCode.RequestError:
      return { errorKind: "network", code, reason: networkReason(value.original) };
    case ErrorCode.FileUploadInvalidArgumentsError:
    case ErrorCode.FileUploadReadFileDataError:
      return { errorKind: "upload", code };
    default:
      return {
        errorKind: "other",
        message: error instanceof Error ? error.message : String(error),
      };
  }
}

/** Why a request never got an answer: the system error code when there is one. */
function networkReason(original: unknown): string {
  // fetch fails with "fetch failed" and puts the reason (ECONNREFUSED, …) in its cause.
  for (let error = original, depth = 0; isRecord(error) && depth < 4; depth += 1) {
    if (typeof error.code === "string" && error.code !== "") return error.code;
    if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout";
    error = error.cause;
  }
  return original instanceof Error ? original.message : "unknown";
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds !== undefined && seconds >= 0 ? seconds * 1000 : undefined;
}

function optionalNumber<K extends string>(key: K, value: unknown): { [P in K]?: number } {
  return (typeof value === "number" && Number.isFinite(value) ? { [key]: value } : {}) as {
    [P in K]?: number;
  };
}

function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === "string" ? { [key]: value } : {}) as { [P in K]?: string };
}
