import type { IncomingMessage, ServerResponse } from "node:http";
import type { HTTPReceiver } from "@slack/bolt";
import { type RouteHandler, sendJson } from "../../http/http-server.js";
import { createInFlightRequests } from "../../http/in-flight-requests.js";
import type { Logger } from "../../logger.js";

/** Slack refuses requests whose timestamp is more than five minutes off; so does duban. */
const TIMESTAMP_TOLERANCE_S = 5 * 60;

/** Slack's Request URL on duban's HTTP server, served by Bolt's HTTPReceiver. */
export interface SlackEventsRoute {
  handler: RouteHandler;
  /** Starts accepting requests (after the app initialised). */
  open(): void;
  /** Refuses new requests with 503 (Slack retries events) and waits for those in flight. */
  close(): Promise<void>;
}

/**
 * `POST /slack/events` handed to Bolt's HTTPReceiver, which verifies the signature
 * (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret; missing or wrong:
 * 401, never processed) and refuses a timestamp older than five minutes. Bolt lets one from
 * the future through; a replay window is a window both ways, so that is refused here first,
 * from the header alone. The handler resolves when the response has been sent.
 */
export function createSlackEventsRoute(options: {
  path: string;
  receiver: HTTPReceiver;
  logger: Logger;
}): SlackEventsRoute {
  const { receiver, logger } = options;
  let accepting = false;
  const inFlight = createInFlightRequests();

  const serve = (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const done = new Promise<void>((resolve) => {
      response.once("finish", resolve);
      response.once("close", resolve);
    });
    receiver.requestListener(request, response);
    return done;
  };

  return {
    async handler(request, response) {
      const url = new URL(request.url ?? "/", "http://localhost");
      if (url.pathname !== options.path) return false;
      if (request.method !== "POST") {
        response.setHeader("allow", "POST");
        sendJson(response, 405, { error: "method_not_allowed" });
        return true;
      }
      if (!accepting) {
        sendJson(response, 503, { error: "not_ready" });
        return true;
      }
      const header = request.headers["x-slack-request-timestamp"];
      const timestamp = Number(Array.isArray(header) ? header[0] : header);
      // Real time, not the bot's (possibly simulated) clock: Slack signs with its own.
      const skew = Math.abs(Date.now() / 1000 - timestamp);
      if (!Number.isFinite(timestamp) || skew > TIMESTAMP_TOLERANCE_S) {
        logger.warn(
          { skewSeconds: Number.isFinite(skew) ? Math.round(skew) : null },
          "slack request refused: timestamp",
        );
        request.resume();
        sendJson(response, 401, { error: "invalid_timestamp" });
        return true;
      }
      await inFlight.track(() => serve(request, response));
      return true;
    },
    open() {
      accepting = true;
    },
    async close() {
      accepting = false;
      await inFlight.drain();
    },
  };
}
