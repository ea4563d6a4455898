import { describe, expect, it } from "vitest";
import { parseApproveData, parseQuarterArgument } from "../../src/commands/leader-circular.js";
import {
  campaignChoiceData,
  isLeaderChoice,
  isLeaderCommand,
  parseCampaignChoice,
} from "../../src/commands/leader-commands.js";
import { parseNudgeData } from "../../src/commands/leader-missing.js";
import { BUTTON_DATA_MAX, LEADER_COMMANDS } from "../../src/core/incoming.js";

const CAMPAIGN = "0f8fad5b-d9cb-469f-a165-70867728950e";

describe("leaders' button data", () => {
  it("names the campaign and the command in ASCII, and reads back the whole argument", () => {
    const cases = [
      { name: "status" as const, args: "" },
      { name: "status" as const, args: "2" },
      { name: "status" as const, args: "inspection-rectification" },
      { name: "status" as const, args: "x".repeat(200) },
      { name: "missing" as const, args: "" },
      { name: "circular" as const, args: "2022Q2" },
    ];
    for (const command of cases) {
      const data = campaignChoiceData(CAMPAIGN, command);
      // `lc|<id>|<letter>|` is 42 bytes, so an argument of up to 22 fits Telegram's 64 bytes:
      // such data is as it was, and still sent as it is rather than stored under a key.
      if (command.args.length <= 22) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(data.length).toBeLessThanOrEqual(BUTTON_DATA_MAX);
      expect(data).toMatch(/^[\x20-\x7e]+$/);
      expect(isLeaderChoice(data)).toBe(true);
      const parsed = parseCampaignChoice(data);
      expect(parsed?.campaignId).toBe(CAMPAIGN);
      expect(parsed?.name).toBe(command.name);
      expect(parsed?.args).toBe(command.args);
    }
  });

  it("cuts only an argument too long for the core's button data", () => {
    const data = campaignChoiceData(CAMPAIGN, { name: "status", args: "x".repeat(3000) });
    expect(data).toHaveLength(BUTTON_DATA_MAX);
    const head = `lc|${CAMPAIGN}|s|`;
    expect(parseCampaignChoice(data)?.args).toBe("x".repeat(BUTTON_DATA_MAX - head.length));
  });

  it("keeps a task number typed in Chinese as its number", () => {
    const data = campaignChoiceData(CAMPAIGN, { name: "status", args: "第2项" });
    expect(parseCampaignChoice(data)?.args).toBe("2");
    const title = campaignChoiceData(CAMPAIGN, { name: "status", args: "碧水" });
    expect(parseCampaignChoice(title)?.args).toBe("");
  });

  it("refuses data that is not a leader's button", () => {
    for (const data of [
      "lc|not-a-uuid|s|",
      `lc|${CAMPAIGN}|z|`,
      `lc|${CAMPAIGN}`,
      `rc|${CAMPAIGN}|r`,
      `lc|${CAMPAIGN}|s|${"x".repeat(BUTTON_DATA_MAX)}`,
    ]) {
      expect(parseCampaignChoice(data)).toBeUndefined();
    }
    expect(parseNudgeData(`ln|${CAMPAIGN}|2022-W23`)).toEqual({
      campaignId: CAMPAIGN,
      week: "2022-W23",
    });
    expect(parseNudgeData(`ln|${CAMPAIGN}|2022-W54`)).toBeUndefined();
    expect(parseNudgeData(`ln|${CAMPAIGN}|2022W23`)).toBeUndefined();
    expect(parseApproveData(`ca|${CAMPAIGN}`)).toBe(CAMPAIGN);
    expect(parseApproveData(`ca|${CAMPAIGN}|x`)).toBeUndefined();
    expect(parseApproveData("ca|")).toBeUndefined();
  });

  it("knows the leaders' commands, and no staff command among them", () => {
    for (const name of LEADER_COMMANDS) expect(isLeaderCommand(name)).toBe(true);
    for (const name of ["report", "help", "lang", "start", undefined]) {
      expect(isLeaderCommand(name)).toBe(false);
    }
  });

  it("reads a quarter as leaders type it, and refuses anything else", () => {
    expect(parseQuarterArgument("2022Q2")).toBe("2022Q2");
    expect(parseQuarterArgument(" 2022q2 ")).toBe("2022Q2");
    expect(parseQuarterArgument("2022-Q2")).toBe("2022Q2");
    for (const text of ["", "2022Q5", "Q2", "22Q2", "2022", "next"]) {
      expect(parseQuarterArgument(text)).toBeUndefined();
    }
  });
});
