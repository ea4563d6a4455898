import { describe, expect, it } from "vitest";
import {
  type CampaignFileError,
  formatCampaignFileError,
  parseCampaignFile,
} from "../../src/campaigns/parse-campaign-file.js";
import { SUPPORTED_LOCALES } from "../../src/i18n/locales.js";
import { translatorFor } from "../../src/i18n/translate.js";
import { minimalWith } from "../fixtures/campaigns/bad-cases.js";

// zhang-san is bound on Telegram (line 20 of minimal.yaml); these lines follow it.
const withZhangSan = (lines: string) =>
  minimalWith(["    telegram: 1001\n", `    telegram: 1001\n${lines}`]);

function parse(text: string) {
  return parseCampaignFile({ text, fileName: "prefer.yaml" });
}

function errorsOf(text: string): CampaignFileError[] {
  const result = parse(text);
  if (result.ok) throw new Error("expected the file to be rejected");
  return result.errors;
}

describe("campaign file: a member's prefer", () => {
  it("reads the platform a member bound on both is reached on, and leaves it out by default", () => {
    const result = parse(withZhangSan("    slack: U0ZHANGSAN\n    prefer: slack\n"));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [zhangSan, liSi] = result.campaign.members;
    expect(zhangSan?.prefer).toBe("slack");
    expect(liSi?.prefer).toBeUndefined();
  });

  it("accepts prefer: slack for a member whose Slack account is found by email", () => {
    const result = parse(withZhangSan("    email: zhang@example.org\n    prefer: slack\n"));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("accepts a preference for the one platform a member is bound on", () => {
    const result = parse(withZhangSan("    prefer: telegram\n"));
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("refuses a platform the file does not bind the member on, at the prefer line", () => {
    const errors = errorsOf(withZhangSan("    prefer: slack\n"));
    expect(errors).toHaveLength(1);
    const [error] = errors as [CampaignFileError];
    expect(error).toMatchObject({
      line: 21,
      column: 13,
      path: "members[0].prefer",
      code: "campaign.errors.preferNotBound",
      params: { value: "slack" },
    });
    const en = formatCampaignFileError(error, translatorFor("en"));
    expect(en).toBe(
      "prefer.yaml:21:13  members[0].prefer: this file does not bind the member on slack, so " +
        "prefer: slack cannot be kept; add their Slack user id (slack: U0123ABCD) or their " +
        "email (email:), by which duban finds the account, or leave prefer out",
    );
    const zh = formatCampaignFileError(error, translatorFor("zh-CN"));
    expect(zh).toContain("没有为该成员绑定 Slack 账号");
  });

  it("names the Telegram id when Telegram is preferred but only Slack is bound", () => {
    const text = minimalWith([
      "    telegram: 1002\n",
      "    slack: U0LISI0001\n    prefer: telegram\n",
    ]);
    const errors = errorsOf(text);
    expect(errors.map((error) => [error.path, error.code])).toEqual([
      ["members[1].prefer", "campaign.errors.preferNotBound"],
    ]);
    for (const locale of SUPPORTED_LOCALES) {
      const message = translatorFor(locale)(errors[0]?.code ?? "", errors[0]?.params ?? {});
      expect(message).toContain("telegram: 123456789");
      expect(message).not.toMatch(/\{\w+\}/);
    }
  });

  it("refuses a platform that is not telegram or slack", () => {
    const errors = errorsOf(withZhangSan("    prefer: web\n"));
    expect(errors).toMatchObject([
      {
        path: "members[0].prefer",
        code: "campaign.errors.expectedOneOf",
        params: { value: "web", values: "telegram, slack" },
      },
    ]);
  });
});
