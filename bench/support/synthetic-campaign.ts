import type {
  ExpectedReport,
  SummaryInput,
  SummaryMember,
  SummaryMetric,
  SummaryReport,
  SummaryTask,
  SummaryUnit,
} from "../../src/summaries/summary-input.js";

/** How big a synthetic campaign is: every member reports on every task every week. */
export interface SyntheticSize {
  members: number;
  weeks: number;
  tasks: number;
  /** Members per unit (分局/科室). */
  unitSize?: number;
  seed?: number;
}

/** The ISO weeks of 2022 Q2, W14–W26: the quarter `compileCircular` is asked for. */
export const SYNTHETIC_QUARTER = "2022Q2";
const FIRST_WEEK = 14;

/** A small deterministic generator (mulberry32), so every run compiles the same campaign. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TASK_TITLES = [
  "着力解决大气质量改善难度加大问题，打好蓝天保卫战",
  "着力解决水污染防治新老矛盾交织，打好碧水保卫战",
  "着力解决处理土壤污染治理成本过高问题，打好净土保卫战",
  "坚持系统思维深入谋划，积极稳妥推进“双碳”工作",
  "督促责任主体抓好中央生态环保督察反馈问题整改",
  "提升生态环境治理体系和治理能力水平",
];

/** Measures as staff word them; `{n}` changes from week to week, so items overlap but differ. */
const MEASURES = [
  "开展巡查暗访{n}次，持续传导压力",
  "召开专题推进会议，安排部署下一阶段重点工作",
  "对前期交办问题开展后督查，督促整改到位",
  "下发督办单{n}份，交办问题限期整改",
  "联合相关部门开展联合执法检查{n}次",
  "组织开展专项执法检查，发现问题{n}个并立行立改",
  "公开环境质量状况，接受公众和社会监督",
  "对重点企业开展现场核查，确保隐患问题按期整改",
  "组织报送治理项目{n}个，认真复核项目投资和绩效目标",
  "督导企业完成自动监控安装联网{n}家",
  "开展执法帮扶{n}家（次），指导企业规范治污",
  "编制专项规划，征求相关部门意见",
  "开展非现场执法{n}次，提升监管效能",
  "调度各县（市、区）工作进展，查找存在的问题",
  "印发工作快报{n}期，通报进展情况",
  "聚焦群众反映强烈的突出问题，建立问题台账并逐项销号",
];

const PROBLEMS = [
  "部分施工单位扬尘管控不到位",
  "秸秆焚烧情况时有发生",
  "受高温天气影响，湖库水质富营养化问题有所显现",
  "流域污染治理任务重、时间紧、资金缺口大",
  "部分企业自动监控设施运行不稳定",
];

const NEXT_STEPS = [
  "持续紧盯目标任务，强化措施落实落地落细",
  "加大现场执法力度，切实解决群众反映的突出问题",
  "加快项目前期手续办理，确保按期开工",
  "加强部门协作，形成工作合力",
];

function metricsOf(taskNumber: number): SummaryMetric[] {
  const key = (name: string) => `t${taskNumber}-${name}`;
  return [
    {
      key: key("cases"),
      name: "查处案件",
      unit: "起",
      aggregation: "sum",
      kind: "count",
      span: "weekly",
      reportedBy: "every_owner",
    },
    {
      key: key("inspections"),
      name: "开展检查",
      unit: "次",
      aggregation: "sum",
      kind: "count",
      span: "weekly",
      reportedBy: "every_owner",
    },
    {
      key: key("good-days"),
      name: "优良天数",
      unit: "天",
      aggregation: "latest",
      kind: "count",
      span: "cumulative",
      reportedBy: "lead_owner",
      direction: "higher",
    },
    {
      key: key("concentration"),
      name: "平均浓度",
      unit: "微克/立方米",
      aggregation: "latest",
      kind: "amount",
      span: "cumulative",
      reportedBy: "lead_owner",
      direction: "lower",
      baseline: "34",
    },
    {
      key: key("compliance"),
      name: "达标率",
      unit: "%",
      aggregation: "mean",
      kind: "ratio",
      span: "weekly",
      reportedBy: "every_owner",
      direction: "higher",
      target: "100",
    },
  ];
}

/** Friday 10:00 in Shanghai of ISO week `week` of 2022 (W1 starts on Monday 3 January). */
function fridayOf(week: number): Date {
  return new Date(Date.UTC(2022, 0, 3 + (week - 1) * 7 + 4, 2, 0, 0));
}

/**
 * A campaign of `members` staff in units of `unitSize`, `tasks` tasks every member owns, and a
 * submitted report from every member on every task in each of `weeks` weeks of 2022 Q2: three
 * progress items drawn from a member's usual measures (so the same measure recurs over the
 * weeks with a changed figure), five metrics with values, problems in about a third of the
 * reports and next steps in half.
 */
export function syntheticCampaign(size: SyntheticSize): SummaryInput {
  const next = random(size.seed ?? 20220630);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const unitSize = size.unitSize ?? 10;
  const units: SummaryUnit[] = [{ key: "bureau", name: "市生态环境局" }];
  const members: SummaryMember[] = [];
  for (let m = 0; m < size.members; m++) {
    const unit = Math.floor(m / unitSize);
    if (m % unitSize === 0)
      units.push({ key: `u${unit}`, name: `第${unit + 1}分局`, parentKey: "bureau" });
    members.push({ key: `m${m}`, name: `责任人${m + 1}`, unitKey: `u${unit}` });
  }
  const ownerKeys = members.map((m) => m.key);
  const tasks: SummaryTask[] = Array.from({ length: size.tasks }, (_, i) => ({
    key: `task-${i + 1}`,
    number: i + 1,
    title: TASK_TITLES[i % TASK_TITLES.length] ?? `重点任务${i + 1}`,
    ownerKeys,
    metrics: metricsOf(i + 1),
    milestones: [],
  }));
  const reports: SummaryReport[] = [];
  const expected: ExpectedReport[] = [];
  for (let w = 0; w < size.weeks; w++) {
    const week = FIRST_WEEK + w;
    const period = `2022-W${String(week).padStart(2, "0")}`;
    const submittedAt = fridayOf(week).toISOString();
    for (const task of tasks) {
      for (const [index, member] of members.entries()) {
        expected.push({ period, taskKey: task.key, memberKey: member.key });
        // A member keeps to six measures of their own over the quarter.
        const usual = (k: number) =>
          MEASURES[(index * 3 + task.number * 5 + k) % MEASURES.length] ?? "";
        const progressItems = [0, 1, 2].map((k) => {
          const measure = usual(k + Math.floor(next() * 2) * 3);
          return measure.replace("{n}", String(1 + Math.floor(next() * 20)));
        });
        const values: Record<string, string> = {};
        for (const metric of task.metrics) {
          if (metric.reportedBy === "lead_owner" && index !== 0) continue;
          values[metric.key] =
            metric.kind === "ratio"
              ? (95 + next() * 5).toFixed(1)
              : metric.span === "cumulative"
                ? String(metric.unit === "天" ? 80 + w * 7 : 30 + Math.floor(next() * 8))
                : String(Math.floor(next() * 12));
        }
        reports.push({
          taskKey: task.key,
          memberKey: member.key,
          period,
          state: "submitted",
          late: next() < 0.05,
          correctedLate: false,
          submittedAt,
          revision: 1,
          health: next() < 0.85 ? "on_track" : "at_risk",
          progressItems,
          ...(next() < 0.33 ? { problems: pick(PROBLEMS) } : {}),
          ...(next() < 0.5 ? { nextSteps: pick(NEXT_STEPS) } : {}),
          values,
          rawValues: { ...values },
        });
      }
    }
  }
  return {
    campaign: {
      key: "synthetic-2022",
      title: "生态环境领域加强作风建设切实解决群众反映强烈突出问题专项整治工作",
      year: 2022,
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
      leadUnitName: "污防科",
      leaderNames: ["陈建国", "刘志强"],
      circular: {
        issuer: "市生态环境局",
        addressees: "各分局，局机关各科室、局属各单位",
        copyTo: ["市纪委"],
      },
    },
    units,
    members,
    tasks,
    reports,
    deadlines: [{ period: SYNTHETIC_QUARTER, dueOn: "2022-07-05" }],
    expected,
  };
}
