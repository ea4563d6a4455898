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

  it("merges same words, changed figures and beginnings across people, and near-duplicates only within one person's items", () => {
    // 300 people with a measure each, worded unlike each other.
    const chars = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬山水林田湖草";
    let seed = 7;
    const word = () =>
      Array.from({ length: 10 }, () => {
        seed = (seed * 48271) % 2147483647;
        return chars[seed % chars.length];
      }).join("");
    const words = Array.from({ length: 300 }, word);
    const merged = mergeMeasures([
      ...words.map((w, n) => item(`${w}检查${n}处`, "2022-W14", undefined, `m${n}`)),
      // Another person's same words, and one whose figure changed: one measure each.
      item(`${words[7]}检查7处`, "2022-W15", undefined, "other"),
      item(`${words[8]}检查9处。`, "2022-W15", undefined, "other"),
      // A longer wording that begins with an earlier one.
      item(`${words[10]}检查10处，下发整改通知2份`, "2022-W16", undefined, "m10"),
      // The same person rewording their own item.
      item(`${words[11]}共检查11处`, "2022-W17", undefined, "m11"),
      // Someone else's near-duplicate is their own measure.
      item(`${words[12]}共检查12处`, "2022-W17", undefined, "other"),
    ]);
    expect(merged).toHaveLength(301);
    expect(merged[8]).toBe(`${words[8]}检查9处`);
    expect(merged[10]).toBe(`${words[10]}检查10处，下发整改通知2份`);
    expect(merged[11]).toBe(`${words[11]}共检查11处`);
    expect(merged[300]).toBe(`${words[12]}共检查12处`);
  });

  it("keeps two owners' measures for their own areas apart, and the items of one report apart", () => {
    const merged = mergeMeasures([
      item("对汉滨区正面清单企业开展非现场执法和执法帮扶", "2022-W20", undefined, "ma-xiaodong"),
      item("对旬阳区正面清单企业开展非现场执法和执法帮扶", "2022-W20", undefined, "huang-lei"),
      item("对汉滨区正面清单企业开展非现场执法", "2022-W21", undefined, "ma-xiaodong"),
      item("对旬阳区正面清单企业开展非现场执法", "2022-W21", undefined, "huang-lei"),
      item("对汉滨区正面清单企业开展非现场执法", "2022-W22", undefined, "he-ping"),
      // One report listing both areas: two measures, by its author's own account.
      item("督导汉滨区重点企业完成自动监控联网", "2022-W22", undefined, "he-ping"),
      item("督导旬阳区重点企业完成自动监控联网", "2022-W22", undefined, "he-ping"),
    ]);
    expect(merged).toEqual([
      "对汉滨区正面清单企业开展非现场执法",
      "对旬阳区正面清单企业开展非现场执法",
      "督导汉滨区重点企业完成自动监控联网",
      "督导旬阳区重点企业完成自动监控联网",
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
