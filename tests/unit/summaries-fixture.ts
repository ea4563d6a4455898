import type {
  SummaryInput,
  SummaryMetric,
  SummaryReport,
} from "../../src/summaries/summary-input.js";

/**
 * A hand-built summary input shaped like the Ankang campaign (examples/ankang-2022-q2.yaml)
 * whose Q2 reports add up to the reference circular's figures: 67处 fire points, 4份 orders,
 * 9个 issues, 170天 good-air days, PM2.5 34 (flat year on year), index 3.2640, 100%, 5.11万方,
 * 11个 adits, 148次, 2起, 51家. Weeks W24–W26 of 2022; blue-sky's owners sit in two units.
 */

/** A submitted report with sensible defaults. */
export function report(
  fields: Partial<SummaryReport> & Pick<SummaryReport, "taskKey" | "memberKey" | "period">,
): SummaryReport {
  const week = Number(fields.period.slice(6));
  return {
    state: "submitted",
    late: false,
    correctedLate: false,
    submittedAt: `2022-06-${String(Math.min(28, week - 4)).padStart(2, "0")}T02:00:00.000Z`,
    revision: 1,
    health: "on_track",
    progressItems: [],
    values: {},
    rawValues: {},
    ...fields,
  };
}

const count = (key: string, name: string, unit: string): SummaryMetric => ({
  key,
  name,
  unit,
  aggregation: "sum",
  kind: "count",
  span: "weekly",
  reportedBy: "every_owner",
});

export function ankangInput(): SummaryInput {
  return {
    campaign: {
      key: "ankang-eco-2022",
      title: "生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作",
      year: 2022,
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
      description: "按《专项整治工作方案》明确的任务和分工落实。",
      leadUnitName: "污防科",
      leaderNames: ["陈建国", "刘志强"],
      circular: {
        issuer: "安康市生态环境局",
        addressees: "各分局，局机关各科室、局属各单位",
        preamble:
          "按照市纪委和局党组要求，现将生态环境领域第二季度加强作风建设切实解决群众反映强烈突出问题专项整治工作开展情况通报如下：",
        copyTo: ["市纪委"],
        signature: "安康市生态环境局",
      },
    },
    units: [
      { key: "bureau", name: "安康市生态环境局" },
      { key: "air-office", name: "大气环境科", parentKey: "bureau" },
      { key: "water-office", name: "水生态环境科", parentKey: "bureau" },
      { key: "soil-office", name: "土壤生态环境科", parentKey: "bureau" },
      { key: "climate-office", name: "应对气候变化科", parentKey: "bureau" },
      { key: "inspection-office", name: "督察整改办公室", parentKey: "bureau" },
      { key: "enforcement", name: "生态环境保护综合执法支队", parentKey: "bureau" },
      { key: "hanbin-branch", name: "汉滨分局", parentKey: "bureau" },
      { key: "xunyang-branch", name: "旬阳分局", parentKey: "bureau" },
    ],
    members: [
      { key: "zhang-wei", name: "张伟", unitKey: "air-office" },
      { key: "ma-xiaodong", name: "马晓东", unitKey: "hanbin-branch" },
      { key: "sun-hao", name: "孙浩", unitKey: "water-office" },
      { key: "zhou-jing", name: "周静", unitKey: "water-office" },
      { key: "wu-lei", name: "吴磊", unitKey: "soil-office" },
      { key: "zheng-li", name: "郑丽", unitKey: "climate-office" },
      { key: "feng-gang", name: "冯刚", unitKey: "inspection-office" },
      { key: "he-ping", name: "何平", unitKey: "enforcement" },
      { key: "huang-lei", name: "黄蕾", unitKey: "xunyang-branch" },
    ],
    tasks: [
      {
        key: "blue-sky",
        number: 1,
        title: "着力解决大气质量改善难度加大问题，打好蓝天保卫战",
        leadUnitKey: "air-office",
        ownerKeys: ["zhang-wei", "ma-xiaodong"],
        metrics: [
          count("fire-points", "发现火点（黑斑）", "处"),
          count("supervision-orders", "下发白色督办单", "份"),
          count("assigned-issues", "交办扬尘问题", "个"),
          count("firework-burning-cases", "查处非法燃放烟花爆竹案件", "起"),
          {
            key: "good-air-days",
            name: "中心城市空气质量优良天数",
            unit: "天",
            aggregation: "latest",
            kind: "count",
            span: "cumulative",
            reportedBy: "lead_owner",
            direction: "higher",
          },
          {
            key: "pm25",
            name: "PM2.5 平均浓度",
            unit: "微克/立方米",
            aggregation: "latest",
            kind: "amount",
            span: "cumulative",
            reportedBy: "lead_owner",
            direction: "lower",
            baseline: "34",
          },
        ],
        milestones: [],
      },
      {
        key: "clear-water",
        number: 2,
        title: "着力解决水污染防治新老矛盾交织，打好碧水保卫战",
        leadUnitKey: "water-office",
        ownerKeys: ["sun-hao", "zhou-jing"],
        metrics: [
          {
            key: "water-quality-index",
            name: "城市水环境质量指数",
            aggregation: "latest",
            kind: "index",
            span: "cumulative",
            reportedBy: "lead_owner",
            direction: "lower",
          },
          count("water-bulletins", "印发水质快报", "期"),
          {
            key: "surface-water-good-rate",
            name: "地表水水质优良率",
            unit: "%",
            aggregation: "latest",
            kind: "ratio",
            span: "weekly",
            reportedBy: "lead_owner",
            direction: "higher",
            target: "100",
          },
          {
            key: "drinking-water-compliance",
            name: "城市饮用水源地水质达标率",
            unit: "%",
            aggregation: "latest",
            kind: "ratio",
            span: "weekly",
            reportedBy: "lead_owner",
            direction: "higher",
            target: "100",
          },
        ],
        milestones: [
          {
            key: "guanmiao-design-approval",
            title: "关庙污水处理厂取得工程初步设计批复",
            dueOn: "2022-05-31",
            doneOn: "2022-05-31",
          },
          {
            key: "guanmiao-drawings-review",
            title: "关庙污水处理厂完成施工图设计审查",
            dueOn: "2022-07-01",
          },
        ],
      },
      {
        key: "clean-soil",
        number: 3,
        title: "着力解决处理土壤污染治理成本过高问题，打好净土保卫战",
        ownerKeys: ["wu-lei"],
        metrics: [
          count("soil-projects-submitted", "报送土壤治理项目", "个"),
          count("soil-projects-approved", "通过省级审查的土壤治理项目", "个"),
        ],
        milestones: [],
      },
      {
        key: "dual-carbon",
        number: 4,
        title: "坚持系统思维深入谋划，积极稳妥推进“双碳”工作",
        ownerKeys: ["zheng-li"],
        metrics: [],
        milestones: [
          {
            key: "ghg-inventory-2019-2020",
            title: "完成 2019—2020 年温室气体排放清单编制",
            dueOn: "2022-06-20",
          },
        ],
      },
      {
        key: "inspection-rectification",
        number: 5,
        title: "督促责任主体抓好中央生态环保督察反馈问题整改",
        ownerKeys: ["feng-gang"],
        metrics: [
          { ...count("slag-removed", "清运废弃矿渣", "万方"), kind: "amount" },
          count("adits-sealed", "封堵污水矿洞", "个"),
        ],
        milestones: [],
      },
      {
        key: "governance",
        number: 6,
        title: "提升生态环境治理体系和治理能力水平",
        ownerKeys: ["he-ping", "huang-lei"],
        metrics: [
          count("offsite-inspections", "开展非现场执法", "次"),
          count("penalties", "处罚案件", "起"),
          count("networked-enterprises", "完成领卡联网企业", "家"),
        ],
        milestones: [],
      },
    ],
    reports: [
      // 1 blue sky: fire points 30 + 25 + 12 = 67, orders 2 + 2 = 4, issues 5 + 4 = 9.
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W24",
        progressItems: ["一是加强秸秆禁烧管控，开展秸秆禁烧巡查暗访", "二是严格扬尘管控。"],
        values: {
          "fire-points": "30",
          "supervision-orders": "2",
          "assigned-issues": "5",
          "good-air-days": "158",
          pm25: "35",
        },
        problems: "部分施工单位扬尘管控不到位",
        nextSteps: "持续推进大气环境质量改善",
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W25",
        progressItems: ["加强秸秆禁烧管控，开展秸秆禁烧巡查暗访工作，下发通报1期"],
        values: { "fire-points": "25", "good-air-days": "164" },
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "ma-xiaodong",
        period: "2022-W25",
        late: true,
        values: { "fire-points": "12", "good-air-days": "99" },
        progressItems: ["积极推进烟花爆竹禁燃禁放禁售工作"],
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "zhang-wei",
        period: "2022-W26",
        health: "at_risk",
        progressItems: ["严格扬尘管控，召开夏季大气污染防治督查巡查工作会议"],
        values: {
          "supervision-orders": "2",
          "assigned-issues": "4",
          "good-air-days": "170",
          pm25: "34",
        },
        problems: "一是部分施工单位扬尘管控不到位、月河川道秸秆焚烧情况时有发生。",
      }),
      report({
        taskKey: "blue-sky",
        memberKey: "ma-xiaodong",
        period: "2022-W26",
        values: { "firework-burning-cases": "19" },
      }),
      // 2 clear water: index typed 3.2640, bulletins 3 + 3 = 6, rates 100%.
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W25",
        progressItems: ["对12个地表水国考断面“一断一策”达标方案落实情况进行调度"],
        values: {
          "water-quality-index": "3.264",
          "water-bulletins": "3",
          "surface-water-good-rate": "100",
        },
        rawValues: { "water-quality-index": "3.2640" },
        problems: "受高温天气等因素影响，湖库水质富营养化问题有所显现",
      }),
      report({
        taskKey: "clear-water",
        memberKey: "zhou-jing",
        period: "2022-W24",
        state: "skipped",
        health: undefined,
        skipReason: "出差",
      }),
      report({
        taskKey: "clear-water",
        memberKey: "zhou-jing",
        period: "2022-W26",
        values: { "water-bulletins": "3" },
        progressItems: ["定期公开全市水环境质量状况"],
      }),
      report({
        taskKey: "clear-water",
        memberKey: "sun-hao",
        period: "2022-W26",
        values: { "surface-water-good-rate": "100", "drinking-water-compliance": "100" },
      }),
      // 3 clean soil
      report({
        taskKey: "clean-soil",
        memberKey: "wu-lei",
        period: "2022-W25",
        values: { "soil-projects-submitted": "6", "soil-projects-approved": "4" },
        progressItems: ["组织报送了6个土壤治理项目，其中4个已通过省级审查"],
      }),
      // 4 dual carbon: nothing reported.
      // 5 inspection: slag 3.01 + 2.10 = 5.11 万方, adits 11.
      report({
        taskKey: "inspection-rectification",
        memberKey: "feng-gang",
        period: "2022-W24",
        values: { "slag-removed": "3.01", "adits-sealed": "6" },
        rawValues: { "slag-removed": "3.01万方" },
        progressItems: ["白石河流域和尚庙矿点污染整治工程清运废弃矿渣"],
      }),
      report({
        taskKey: "inspection-rectification",
        memberKey: "feng-gang",
        period: "2022-W26",
        values: { "slag-removed": "2.1", "adits-sealed": "5" },
        rawValues: { "slag-removed": "2.10" },
        health: "blocked",
        blockedReason: "资金缺口大",
        problems: "白石河、蒿坪河流域污染治理工作任务重、时间紧、资金缺口大，工作进展不平衡",
      }),
      // 6 governance: inspections 100 + 48 = 148, penalties 2, networked 51.
      report({
        taskKey: "governance",
        memberKey: "he-ping",
        period: "2022-W25",
        values: { "offsite-inspections": "100", penalties: "2", "networked-enterprises": "51" },
        progressItems: ["严格执行生态环境监督执法正面清单管理"],
      }),
      report({
        taskKey: "governance",
        memberKey: "huang-lei",
        period: "2022-W26",
        values: { "offsite-inspections": "48" },
      }),
    ],
    deadlines: [
      { period: "2022Q2", dueOn: "2022-06-24", title: "第二季度情况报送" },
      { period: "2022Q3", dueOn: "2022-09-23", title: "第三季度情况报送" },
    ],
    expected: ["2022-W24", "2022-W25", "2022-W26"].flatMap((period) =>
      [
        ["blue-sky", "zhang-wei"],
        ["blue-sky", "ma-xiaodong"],
        ["clear-water", "sun-hao"],
        ["clear-water", "zhou-jing"],
        ["clean-soil", "wu-lei"],
        ["dual-carbon", "zheng-li"],
        ["inspection-rectification", "feng-gang"],
        ["governance", "he-ping"],
        ["governance", "huang-lei"],
      ].map(([taskKey = "", memberKey = ""]) => ({ period, taskKey, memberKey })),
    ),
  };
}
