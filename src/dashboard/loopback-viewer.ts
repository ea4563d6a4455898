import type { MiddlewareHandler } from "hono";
import type { Locale } from "../i18n/locales.js";
import { isLoopbackHost } from "../platforms/web/same-origin.js";
import { messagePage } from "./dashboard-response.js";
import type { DashboardEnv } from "./dashboard-viewer.js";

/** Whether a socket's peer is this machine (`127.x.x.x`, `::1`, or IPv4 mapped in IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.toLowerCase().replace(/^::ffff:/, "");
  return plain === "::1" || /^127(?:\.\d{1,3}){3}$/.test(plain);
}

/** The peer address of a request served by @hono/node-server, if it is one. */
function remoteAddress(env: unknown): string | undefined {
  if (typeof env !== "object" || env === null || !("incoming" in env)) return undefined;
  const incoming: unknown = env.incoming;
  if (typeof incoming !== "object" || incoming === null || !("socket" in incoming)) {
    return undefined;
  }
  const socket: unknown = incoming.socket;
  if (typeof socket !== "object" || socket === null || !("remoteAddress" in socket)) {
    return undefined;
  }
  return typeof socket.remoteAddress === "string" ? socket.remoteAddress : undefined;
}

/**
 * The dashboard's viewer before sign-in exists: a request from this machine is the machine's
 * user, who could read the database anyway, and sees everything (`local`). Both the socket's
 * peer and the name the request was sent to must be loopback: the second keeps a site whose
 * name an attacker pointed at 127.0.0.1 (DNS rebinding) from reading the pages in a local
 * browser. Anything else is refused with a 403 page saying so, in `locale`.
 */
export function loopbackViewer(options: { locale: Locale }): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    const local =
      isLoopbackAddress(remoteAddress(c.env)) && isLoopbackHost(new URL(c.req.url).hostname);
    if (!local) {
      return messagePage(c, {
        locale: options.locale,
        status: 403,
        titleKey: "errors.forbiddenTitle",
        textKey: "errors.loopbackOnly",
      });
    }
    c.set("viewer", { kind: "local" });
    await next();
  };
}
