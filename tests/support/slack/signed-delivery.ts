/**
 * Slack's request signing and the POST that carries a signed body to the app: the signature
 * is `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`), sent with the
 * timestamp in X-Slack-Request-Timestamp.
 */
import { createHmac } from "node:crypto";
import { isRecord } from "./narrow.js";

/** How a delivery is signed. */
export interface SignOptions {
  /** X-Slack-Request-Timestamp in seconds; now unless given (an old one makes a stale request). */
  timestamp?: number;
  /** null sends no X-Slack-Signature; a string replaces the right one (a forgery). */
  signature?: string | null;
}

export interface Delivery {
  status: number;
  /** The app's answer as text; `json` is it parsed, or undefined when it is not JSON. */
  body: string;
  json: unknown;
  ms: number;
}

export function signSlackRequest(
  signingSecret: string,
  timestamp: number,
  rawBody: string,
): string {
  const hmac = createHmac("sha256", signingSecret).update(`v0:${timestamp}:${rawBody}`);
  return `v0=${hmac.digest("hex")}`;
}

/**
 * POSTs `body` signed to the app. The content type goes out bare ("application/json",
 * "application/x-www-form-urlencoded"), as Slack sends it: Bolt compares it exactly.
 */
export async function postSigned(
  target: { appUrl: string; signingSecret: string },
  body: string,
  contentType: string,
  options: SignOptions,
  extraHeaders: Record<string, string> = {},
): Promise<Delivery> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": contentType,
    "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    "x-slack-request-timestamp": String(timestamp),
    ...extraHeaders,
  };
  if (options.signature !== null) {
    headers["x-slack-signature"] =
      options.signature ?? signSlackRequest(target.signingSecret, timestamp, body);
  }
  const started = performance.now();
  const response = await fetch(target.appUrl, { method: "POST", headers, body });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, body: text, json: parseJson(text), ms };
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) || Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
