import { IncomingMessage, ServerResponse } from "node:http";
import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";

/**
 * The Node request and response behind a request that @hono/node-server serves (its
 * `c.env`), for a handler that must hand them on untouched: Bolt's HTTPReceiver reads the
 * body itself and verifies Slack's signature over the raw bytes. Such a handler writes the
 * response itself and returns `RESPONSE_ALREADY_SENT`. The server reads no body before a
 * handler asks for it (`c.req.json()` and the like), so the request is still unread here.
 *
 * Sub-apps are plain `Hono` (no typed bindings), so this checks at run time instead; served
 * another way (`app.request()` in a test) it throws, which the server answers with 500.
 */
export function nodeBindings(c: Context): HttpBindings {
  const env: unknown = c.env;
  if (
    typeof env === "object" &&
    env !== null &&
    "incoming" in env &&
    "outgoing" in env &&
    env.incoming instanceof IncomingMessage &&
    env.outgoing instanceof ServerResponse
  ) {
    return { incoming: env.incoming, outgoing: env.outgoing };
  }
  throw new Error("this route needs the Node request and response of @hono/node-server (HTTP/1)");
}
