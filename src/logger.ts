import { pino } from "pino";

/**
 * The process logger. Logs carry ids, never tokens or message bodies at info level.
 * `LOG_LEVEL` sets the level (default info; silent under tests unless set).
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
  redact: { paths: ["token", "*.token", "password", "*.password"], censor: "***" },
});

export type Logger = typeof logger;
