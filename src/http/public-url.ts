import { isLoopbackHost } from "../platforms/web/same-origin.js";

/** Whether a listening host is every interface (`0.0.0.0`, `::`), which no browser can open. */
function isWildcardHost(host: string): boolean {
  return ["0.0.0.0", "::", "[::]", ""].includes(host);
}

/**
 * The address people reach duban at, for links it gives out: DUBAN_PUBLIC_URL when set; else
 * the address it listens on, with this machine's name in place of a wildcard host. Pure.
 *
 * @example publicUrlOf({ listening: "http://0.0.0.0:3000", host: "0.0.0.0", machineName: "srv" })
 * // "http://srv:3000"
 */
export function publicUrlOf(options: {
  configured?: string;
  listening: string;
  host: string;
  machineName: string;
}): string {
  if (options.configured) return options.configured;
  if (!isWildcardHost(options.host)) return options.listening;
  const url = new URL(options.listening);
  url.hostname = options.machineName;
  return url.origin;
}

/**
 * Whether the dashboard may trust this machine's own requests without sign-in: only while
 * duban listens on loopback and no public address says it is reached through a proxy (a
 * proxy's requests all come from loopback). Pure.
 */
export function dashboardOpensLocally(http: { host: string; publicUrl?: string }): boolean {
  const host = http.host.replace(/^\[(.*)\]$/, "$1");
  if (!isLoopbackHost(host)) return false;
  return http.publicUrl === undefined || isLoopbackHost(new URL(http.publicUrl).hostname);
}
