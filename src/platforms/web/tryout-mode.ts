import { isLoopbackHost } from "./same-origin.js";

/**
 * Whether duban serves the try-out chat: only with no platform token (a real bot's people
 * must not be impersonable from a page), and then when it listens on loopback (only this
 * machine can reach it) or `DUBAN_TRYOUT=1` says so; `DUBAN_TRYOUT=0` turns it off. Pure.
 *
 * @example tryoutMode({ tokens: false, host: "127.0.0.1" }) // { loopbackOnly: true }
 */
export function tryoutMode(options: {
  tokens: boolean;
  host: string;
  setting?: "0" | "1";
}): { loopbackOnly: boolean } | undefined {
  if (options.tokens || options.setting === "0") return undefined;
  const loopback = isLoopbackHost(options.host.replace(/^\[?(.*?)\]?$/, "$1"));
  if (options.setting === "1") return { loopbackOnly: false };
  return loopback ? { loopbackOnly: true } : undefined;
}
