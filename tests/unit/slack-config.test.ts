import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

/** The issues a bad environment is refused with, as `variable: message`. */
function refusal(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.variable}: ${i.message}`);
    throw error;
  }
  throw new Error("the environment was accepted");
}

describe("Slack's settings", () => {
  it("runs Socket Mode on the two tokens alone: Slack signs nothing sent over the socket", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_APP_TOKEN: "xapp-1-A01-3" });
    expect(config.slack).toEqual({ botToken: "xoxb-1-2", appToken: "xapp-1-A01-3" });
  });

  it("refuses the bot token as SLACK_APP_TOKEN, which would retry connecting for ever", () => {
    expect(refusal({ SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_APP_TOKEN: "xoxb-1-2" })).toEqual([
      "SLACK_APP_TOKEN: must be an app-level token (xapp-…), not the bot token",
    ]);
  });

  it("needs a signing secret or an app token besides the bot token", () => {
    expect(refusal({ SLACK_BOT_TOKEN: "xoxb-1-2" })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: /),
    ]);
    expect(
      loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2", SLACK_SIGNING_SECRET: "secret" }).slack,
    ).toEqual({ botToken: "xoxb-1-2", signingSecret: "secret" });
  });
});
