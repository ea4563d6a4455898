import { describe, expect, it } from "vitest";
import { cleanMeasure, mergeMeasures, splitItems } from "../../src/summaries/merge-measures.js";

const item = (
  text: string,
  period: string,
  submittedAt = `${period}T00:00`,
  memberKey = "zhang-wei",
) => ({
  text,
  period,
  memberKey,
  submittedAt,
});

describe("mergeMeasures", () => {
  it("strips enumeration markers and trailing punctuation", () => {
    expect(cleanMeasure("一是加强秸秆禁烧管控。")).toBe("加强秸秆禁烧管控");
    expect(cleanMeasure("（二）严格扬尘管控；")).toBe("严格扬尘管控");
    expect(cleanMeasure("1. 开展执法帮扶")).toBe("开展执法帮扶");
    expect(cleanMeasure("十一是  推进  联网")).toBe("推进 联网");
    expect(cleanMeasure("2022年完成清单编制")).toBe("2022年完成清单编制");
  });

  it("keeps the order of first appearance and the latest wording of a measure", () => {
    const merged = mergeMeasures([
      item("二是严格扬尘管控", "2022-W25"),
      item("一是加强秸秆禁烧管控", "2022-W24"),
      item("加强秸秆禁烧管控，共发现火点67处。", "2022-W26"),
      item("严格扬尘管控，下发白色督办单4份", "2022-W26"),
    ]);
    expect(merged).toEqual(["加强秸秆禁烧管控，共发现火点67处", "严格扬尘管控，下发白色督办单4份"]);
  });

  it("treats the same words with other spacing or punctuation as one measure", () => {
    expect(
      mergeMeasures([
        item("推进 烟花爆竹 禁燃禁放。", "2022-W24"),
        item("推进烟花爆竹禁燃禁放；", "2022-W25"),
      ]),
    ).toEqual(["推进烟花爆竹禁燃禁放"]);
  });

  it("merges near-duplicates (a figure changed) but keeps distinct measures apart", () => {
    const merged = mergeMeasures([
      item("开展秸秆禁烧巡查暗访工作，发现火点12处", "2022-W24"),
      item("开展秸秆禁烧巡查暗访工作，发现火点15处", "2022-W25"),
      item("召开市治霾工作领导小组会议", "2022-W25"),
    ]);
    expect(merged).toEqual([
      "开展秸秆禁烧巡查暗访工作，发现火点15处",
      "召开市治霾工作领导小组会议",
    ]);
  });

  it("does not take a short common beginning for the same measure", () => {
    expect(
      mergeMeasures([
        item("加强管控", "2022-W24"),
        item("加强管控力度，开展联合执法检查", "2022-W25"),
      ]),
    ).toHaveLength(2);
  });

  it("orders within a week by submission time, and drops empty items", () => {
    expect(
      mergeMeasures([
        item("开展联合执法检查", "2022-W25", "2022-06-21T09:00"),
        item("召开专项整治推进会", "2022-W25", "2022-06-20T09:00"),
        item("。", "2022-W25"),
        item("  ", "2022-W25"),
      ]),
    ).toEqual(["召开专项整治推进会", "开展联合执法检查"]);
  });

  it("splits a free-text answer into items", () => {
    expect(splitItems("一是资金缺口大。二是进度不平衡；三是人员不足\n其他")).toEqual([
      "一是资金缺口大。",
      "二是进度不平衡",
      "三是人员不足",
      "其他",
    ]);
    expect(splitItems("统一是关键")).toEqual(["统一是关键"]);
  });
});
