/** What the request guard looks at: the method, the URL it was sent to, and its headers. */
export interface GuardedRequest {
  method: string;
  url: string;
  header(name: string): string | undefined;
}

/** Why a request is refused: `cross_site` (CSRF), `foreign_host` (DNS rebinding). */
export type GuardRefusal = "cross_site" | "foreign_host";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Checks a try-out request: one that changes state must come from the server's own pages
 * (CSRF): `Sec-Fetch-Site`, where the browser sends it, must be `same-origin`, and `Origin`,
 * where sent, must name this host. A client sending neither is not a browser and so carries
 * no victim's cookie. With `loopbackOnly` (the try-out on because duban listens on loopback)
 * every request must also be addressed to a loopback name, so a site whose name an attacker
 * pointed at 127.0.0.1 (DNS rebinding) cannot read the chat either. Pure.
 */
export function refusalOf(
  request: GuardedRequest,
  options: { loopbackOnly: boolean },
): GuardRefusal | undefined {
  const own = new URL(request.url);
  if (options.loopbackOnly && !isLoopbackHost(own.hostname)) return "foreign_host";
  if (SAFE_METHODS.has(request.method.toUpperCase())) return undefined;
  const site = request.header("sec-fetch-site");
  if (site !== undefined && site !== "same-origin") return "cross_site";
  const origin = request.header("origin");
  if (origin === undefined) return undefined;
  try {
    return new URL(origin).host === own.host ? undefined : "cross_site";
  } catch {
    return "cross_site"; // "null" (a sandboxed frame, a file) or garbage
  }
}

/** Whether a URL's hostname is this machine's loopback (`127.x.x.x`, `::1`, `localhost`). */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(name) || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
