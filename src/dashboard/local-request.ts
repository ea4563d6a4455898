import type { Context } from "hono";
import { isLoopbackHost } from "../platforms/web/same-origin.js";

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

/** Headers a proxy adds for the client it forwards: such a request is not this machine's. */
const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-real-ip"];

/**
 * Whether a request comes from this machine's user: the socket's peer is loopback, the name
 * it was sent to is loopback (so a site whose name an attacker pointed at 127.0.0.1, DNS
 * rebinding, does not count), and no proxy forwarded it for someone else.
 */
export function isLocalRequest(c: Context): boolean {
  return (
    isLoopbackAddress(remoteAddress(c.env)) &&
    isLoopbackHost(new URL(c.req.url).hostname) &&
    FORWARDING_HEADERS.every((name) => c.req.header(name) === undefined)
  );
}
