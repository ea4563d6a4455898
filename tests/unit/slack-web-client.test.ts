import { LogLevel, WebClient } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_SLACK_API_URL,
  slackApiUrl,
  slackWebClientOptions,
} from "../../src/platforms/slack/slack-web-client.js";
import { type FakeSlackApi, startFakeSlackApi } from "../support/slack/fake-slack-api.js";
import { quietLogger } from "../support/slack/quiet-logger.js";
import { SAMPLE_WORKSPACE } from "../support/slack/sample-workspace.js";

describe("SLACK_API_URL, normalised", () => {
  it("is Slack's own Web API root when unset or empty", () => {
    expect(DEFAULT_SLACK_API_URL).toBe("https://slack.com/api/");
    expect(slackApiUrl(undefined)).toBe("https://slack.com/api/");
    expect(slackApiUrl("")).toBe("https://slack.com/api/");
  });

  it("ends in one slash, whether or not it was configured with one", () => {
    expect(slackApiUrl("http://127.0.0.1:3000/api")).toBe("http://127.0.0.1:3000/api/");
    expect(slackApiUrl("http://127.0.0.1:3000/api/")).toBe("http://127.0.0.1:3000/api/");
    expect(slackApiUrl("https://slack.example.org")).toBe("https://slack.example.org/");
  });
});

describe("the options of duban's WebClients", () => {
  it("give both kinds the normalised root", () => {
    for (const rateLimited of ["wait", "reject"] as const) {
      expect(slackWebClientOptions({ rateLimited }).slackApiUrl).toBe("https://slack.com/api/");
      expect(
        slackWebClientOptions({ rateLimited, apiUrl: "http://127.0.0.1:1/api" }).slackApiUrl,
      ).toBe("http://127.0.0.1:1/api/");
    }
  });

  it("wait out a rate limit with the SDK's retries for what must answer now", () => {
    const options = slackWebClientOptions({ rateLimited: "wait", logger: quietLogger });
    expect(options).toEqual({
      slackApiUrl: "https://slack.com/api/",
      logger: quietLogger,
      rejectRateLimitedCalls: false,
    });
  });

  it("reject a rate-limited delivery at once and retry failures a few times, quickly", () => {
    expect(slackWebClientOptions({ rateLimited: "reject" })).toEqual({
      slackApiUrl: "https://slack.com/api/",
      logLevel: LogLevel.ERROR,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2000 },
      timeout: 20_000,
    });
    const tuned = slackWebClientOptions({ rateLimited: "reject", retries: 0, timeoutMs: 1_000 });
    expect(tuned).toMatchObject({ retryConfig: { retries: 0 }, timeout: 1_000 });
  });

  describe("against a Web API root configured without its slash", () => {
    let api: FakeSlackApi;
    beforeEach(async () => {
      api = await startFakeSlackApi(SAMPLE_WORKSPACE);
    });
    afterEach(async () => {
      await api.close();
    });

    it("reaches the API's methods", async () => {
      const apiUrl = api.url.replace(/\/$/, "");
      for (const rateLimited of ["wait", "reject"] as const) {
        const options = slackWebClientOptions({ apiUrl, rateLimited, logger: quietLogger });
        const me = await new WebClient("xoxb-test", options).auth.test();
        expect(me).toMatchObject({ ok: true, user_id: "UBOT" });
      }
    });
  });
});
