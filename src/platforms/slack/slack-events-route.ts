import type { IncomingMessage, ServerResponse } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import type { HTTPReceiver } from "@slack/bolt";
import { Hono } from "hono";
import { createInFlightRequests } from "../../http/in-flight-requests.js";
import { nodeBindings } from "../../http/node-bindings.js";
import type { Logger } from "../../logger.js";

/** Slack refuses requests whose timestamp is more than five minutes off; so does duban. */
const TIMESTAMP_TOLERANCE_S = 5 * 60;

/** Slack's Request URL on duban's HTTP server, served by Bolt's HTTPReceiver. */
export interface SlackEventsRoute {
  /** Serves `POST <path>`; mounted on duban's HTTP server with `app.route("/", routes)`. */
  routes: Hono;
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
 * from the header alone. Bolt gets the raw Node request and response (it reads and verifies
 * the body itself) and answers on them; the handler returns once that answer is sent.
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

  const routes = new Hono();
  routes.all(options.path, async (c) => {
    if (c.req.method !== "POST") {
      return c.json({ error: "method_not_allowed" }, 405, { allow: "POST" });
    }
    if (!accepting) return c.json({ error: "not_ready" }, 503);
    // Real time, not the bot's (possibly simulated) clock: Slack signs with its own.
    const timestamp = Number(c.req.header("x-slack-request-timestamp"));
    const skew = Math.abs(Date.now() / 1000 - timestamp);
    if (!Number.isFinite(timestamp) || skew > TIMESTAMP_TOLERANCE_S) {
      logger.warn(
        { skewSeconds: Number.isFinite(skew) ? Math.round(skew) : null },
        "slack request refused: timestamp",
      );
      // The unread body is drained by the server after the answer.
      return c.json({ error: "invalid_timestamp" }, 401);
    }
    const { incoming, outgoing } = nodeBindings(c);
    await inFlight.track(() => serve(incoming, outgoing));
    return RESPONSE_ALREADY_SENT;
  });

  return {
    routes,
    open() {
      accepting = true;
    },
    async close() {
      accepting = false;
      await inFlight.drain();
    },
  };
}
