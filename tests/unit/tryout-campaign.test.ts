import { describe, expect, it } from "vitest";
import { shiftYears, tryoutCampaign } from "../../src/platforms/web/tryout-campaign.js";

describe("the example campaign for the try-out", () => {
  it("moves dates and quarters by whole years, 29 February to the 28th in a common year", () => {
    expect(shiftYears({ due: "2022-05-31", quarter: "2022Q2", title: "2022 plan" }, 4)).toEqual({
      due: "2026-05-31",
      quarter: "2026Q2",
      title: "2022 plan",
    });
    expect(shiftYears(["2024-02-29", "2024-02-28"], 1)).toEqual(["2025-02-28", "2025-02-28"]);
    expect(shiftYears("2023-02-28", 1)).toBe("2024-02-28");
  });

  it("opens the week all week, binds nobody elsewhere and drops the channels", () => {
    const file = {
      campaign: { key: "x", year: 2022 },
      members: [{ key: "a", telegram: 1, slack: "U1", email: "a@x", prefer: "slack", name: "A" }],
      tasks: [{ key: "t", milestones: [{ key: "m", due: "2022-06-30" }] }],
      schedule: { prompt: { day: "friday", time: "09:00" }, quarterly: [{ quarter: "2022Q2" }] },
      channels: [{ key: "c", platform: "telegram", chatId: "-100" }],
    };
    expect(tryoutCampaign(file, { year: 2026 })).toEqual({
      campaign: { key: "x", year: 2026 },
      members: [{ key: "a", name: "A" }],
      tasks: [{ key: "t", milestones: [{ key: "m", due: "2026-06-30" }] }],
      schedule: {
        prompt: { day: "monday", time: "09:00" },
        reminders: [{ day: "thursday", time: "16:00" }],
        close: { day: "sunday", time: "20:00" },
        digest: { day: "monday", time: "10:00" },
        skipHolidays: false,
        quarterly: [{ quarter: "2026Q2" }],
      },
      channels: [],
    });
  });
});
