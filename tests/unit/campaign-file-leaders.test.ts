import { describe, expect, it } from "vitest";
import { parseCampaignFile } from "../../src/campaigns/parse-campaign-file.js";
import { visibleTaskKeys } from "../../src/domain/leader-scope.js";
import { translatorFor } from "../../src/i18n/translate.js";
import { minimalWith } from "../fixtures/campaigns/bad-cases.js";

function parse(text: string) {
  return parseCampaignFile({ text, fileName: "leaders.yaml" });
}

function errorCodes(text: string): string[] {
  const result = parse(text);
  if (result.ok) throw new Error("expected the file to be rejected");
  for (const error of result.errors) {
    for (const locale of ["zh-CN", "en"] as const) {
      const message = translatorFor(locale)(error.code, error.params);
      expect(message).not.toBe(error.code);
      expect(message).not.toMatch(/\{\w+\}/);
    }
  }
  return result.errors.map(
    (error) => `${error.path} ${error.code.replace("campaign.errors.", "")}`,
  );
}

const LEADER = `  - key: wang-wu
    name: 王五
    unit: office
    role: leader
`;

describe("campaign file: roles, 分管 scopes and metric semantics", () => {
  it("reads a leader's scope and a metric's reporter, span and baseline, with defaults", () => {
    const result = parse(
      minimalWith(
        ["members:\n", `members:\n${LEADER}    scope: { tasks: [second-task], units: [office] }\n`],
        [
          "        aggregation: sum\n",
          "        aggregation: sum\n      - { key: rate, name: 达标率, unit: '%', aggregation: latest, kind: ratio, span: cumulative, reportedBy: lead_owner, baseline: 98.5 }\n",
        ],
      ),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const leader = result.campaign.members.find((member) => member.key === "wang-wu");
    expect(leader?.scope).toEqual({ tasks: ["second-task"], units: ["office"] });
    const [cases, rate] = result.campaign.tasks[0]?.metrics ?? [];
    expect([cases?.reportedBy, cases?.span, cases?.baseline]).toEqual([
      "every_owner",
      "weekly",
      undefined,
    ]);
    expect([rate?.reportedBy, rate?.span, rate?.baseline]).toEqual([
      "lead_owner",
      "cumulative",
      98.5,
    ]);
  });

  it("refuses a scope on someone who is not a leader, and unknown tasks and units in it", () => {
    const codes = errorCodes(
      minimalWith(
        ["    telegram: 1001\n", "    telegram: 1001\n    scope: { tasks: [first-task] }\n"],
        [
          "members:\n",
          `members:\n${LEADER}    scope: { tasks: [no-such-task], units: [nowhere] }\n`,
        ],
      ),
    );
    expect(codes).toEqual([
      "members[0].scope.tasks[0] unknownTask",
      "members[0].scope.units[0] unknownUnit",
      "members[1].scope scopeNotLeader",
    ]);
  });

  it("refuses summing or averaging the weeks of a cumulative figure", () => {
    const codes = errorCodes(
      minimalWith([
        "        aggregation: sum\n",
        "        aggregation: sum\n        span: cumulative\n",
      ]),
    );
    expect(codes).toEqual(["tasks[0].metrics[0].aggregation cumulativeAggregation"]);
  });
});

describe("visibleTaskKeys: what a leader sees", () => {
  const units = [
    { key: "bureau" },
    { key: "water", parentKey: "bureau" },
    { key: "water-lab", parentKey: "water" },
    { key: "air", parentKey: "bureau" },
  ];
  const tasks = [
    { key: "blue-sky", leadUnitKey: "air" },
    { key: "clear-water", leadUnitKey: "water-lab" },
    { key: "clean-soil", leadUnitKey: "bureau" },
  ];
  it("gives admins and unscoped leaders every task, staff none", () => {
    expect([
      ...visibleTaskKeys(
        { role: "admin", scope: { tasks: ["blue-sky"], units: [] } },
        tasks,
        units,
      ),
    ]).toHaveLength(3);
    expect([...visibleTaskKeys({ role: "leader", scope: null }, tasks, units)]).toHaveLength(3);
    expect([...visibleTaskKeys({ role: "staff" }, tasks, units)]).toEqual([]);
  });
  it("gives a scoped leader the tasks named and those led by a unit named or under one", () => {
    const seen = visibleTaskKeys(
      { role: "leader", scope: { tasks: ["clean-soil"], units: ["water"] } },
      tasks,
      units,
    );
    expect([...seen].sort()).toEqual(["clean-soil", "clear-water"]);
  });
  it("survives a cycle in the unit tree", () => {
    const cyclic = [
      { key: "a", parentKey: "b" },
      { key: "b", parentKey: "a" },
    ];
    const seen = visibleTaskKeys(
      { role: "leader", scope: { tasks: [], units: ["c"] } },
      [{ key: "t", leadUnitKey: "a" }],
      cyclic,
    );
    expect([...seen]).toEqual([]);
  });
});
