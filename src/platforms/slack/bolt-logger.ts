import { LogLevel, type Logger as SlackLogger } from "@slack/logger";
import type { Logger } from "../../logger.js";

/**
 * Bolt's and the Web API's logger interface on top of duban's pino logger, so their lines
 * go to the same place with the same levels. Slack's own debug output is kept at debug.
 */
export function boltLogger(logger: Logger, name = "slack"): SlackLogger {
  const child = logger.child({ component: name });
  let level: LogLevel = LogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts.map((part) => (typeof part === "string" ? part : safeJson(part))).join(" ");
  return {
    debug: (...parts: unknown[]) => child.debug(line(parts)),
    info: (...parts: unknown[]) => child.info(line(parts)),
    warn: (...parts: unknown[]) => child.warn(line(parts)),
    error: (...parts: unknown[]) => child.error(line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
