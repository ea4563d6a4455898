import { type Logger, LogLevel } from "@slack/bolt";

/**
 * A logger for WebClient and Bolt in tests: WebClient logs every `[ERROR]` message Slack
 * returns, and the fake's refusals are mostly the expected outcome of a test.
 */
export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
