import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { loadCampaignContext } from "../../src/chat/campaign-context.js";
import { createIncomingHandler } from "../../src/chat/handle-incoming.js";
import { weeksInQuarter } from "../../src/domain/periods.js";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createInvite } from "../../src/identity/create-invite.js";
import { logger } from "../../src/logger.js";
import { scheduledPeriodOf } from "../../src/scheduling/scheduled-period.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "./campaign-files.js";
import { ChatDriver } from "./chat-driver.js";

/**
 * The second quarter of 2022 of the reference campaign (`examples/ankang-2022-q2.yaml`), as
 * its staff would have reported it week by week, so that the Q2 circular compiled from it can
 * be read against `reference/circular-2022-q2.txt`. Every fact of the reference is spread over
 * weeks and owners: weekly figures add up to the reference's totals, cumulative ones rise to
 * its year-to-date values, measures are repeated with evolving wording, and the problems and
 * next steps of its section 二 come in the last weeks. Some weeks are not reported, one is
 * skipped with a reason, one report is late and one is corrected after it was submitted.
 */

export const REFERENCE_QUARTER = "2022Q2";
export const REFERENCE_CAMPAIGN_KEY = "ankang-eco-2022";

/** When in its reporting week a report is made. */
type When =
  /** An hour after the week's prompt (Friday 10:00, or the working day before a holiday). */
  | "prompt"
  /** Two hours before the close (Monday 10:00): still on time. */
  | "beforeClose"
  /** Two hours after the close: a late report. */
  | "late";

type Health = "on_track" | "at_risk" | "blocked";

/** One weekly report as its owner types it. */
export interface ScriptedReport {
  kind: "report";
  week: string;
  member: string;
  when?: When;
  /** The week's progress items, sent as one message of several lines. */
  items: string[];
  /** Metric key → the figure as typed; `null` skips an optional metric. */
  figures: Record<string, string | null>;
  health: Health;
  blockedReason?: string;
  problems?: string;
  nextSteps?: string;
}

/** `/skip <reason>` for a week. */
export interface ScriptedSkip {
  kind: "skip";
  week: string;
  member: string;
  when?: When;
  reason: string;
}

/** `/edit` of the week's submitted report, changing one figure. */
export interface ScriptedEdit {
  kind: "edit";
  week: string;
  member: string;
  when?: When;
  metric: string;
  figure: string;
}

export type ScriptedStep = ScriptedReport | ScriptedSkip | ScriptedEdit;

/** Chat ids of the owners the campaign file gives none: they bind with an invite. */
export const INVITED_OWNERS: Record<string, string> = {
  "li-na": "512340022",
  "zhou-jing": "512340032",
  "wu-lei": "512340041",
  "zheng-li": "512340042",
  "he-ping": "512340061",
  "ma-xiaodong": "512340062",
  "huang-lei": "512340063",
};

/**
 * The figures of the reference the weekly reports must add up to (sums) or end at (latest),
 * by metric key, as the circular prints them.
 */
export const REFERENCE_FIGURES: Record<string, string> = {
  "fire-points": "67",
  "supervision-orders": "4",
  "assigned-issues": "9",
  "firework-transport-cases": "4",
  "firework-burning-cases": "19",
  "good-air-days": "170",
  pm25: "34",
  "water-quality-index": "3.2640",
  "water-bulletins": "6",
  "surface-water-good-rate": "100",
  "drinking-water-compliance": "100",
  "soil-projects-submitted": "6",
  "soil-projects-approved": "4",
  "slag-removed": "5.11",
  "adits-sealed": "11",
  "offsite-inspections": "148",
  penalties: "2",
  "assistance-visits": "80",
  "networked-enterprises": "51",
};

const report = (step: Omit<ScriptedReport, "kind">): ScriptedReport => ({
  kind: "report",
  ...step,
});

/** 张伟, lead owner of task 1: fire points, 督办单 and issues, the firework cases, the city's air. */
const zhang = (
  week: string,
  [fire, orders, issues, days, pm25]: [string, string, string, string, string],
  rest: Omit<ScriptedReport, "kind" | "week" | "member" | "figures">,
): ScriptedReport =>
  report({
    week,
    member: "zhang-wei",
    figures: {
      "fire-points": fire,
      "supervision-orders": orders,
      "assigned-issues": issues,
      "firework-transport-cases": "0",
      "firework-burning-cases": "0",
      "good-air-days": days,
      pm25,
    },
    ...rest,
  });

/** 李娜, second owner of task 1: her areas' fire points, 督办单, issues and firework cases. */
const liNa = (
  week: string,
  [fire, orders, issues, transport, burning]: [string, string, string, string, string],
  rest: Omit<ScriptedReport, "kind" | "week" | "member" | "figures">,
): ScriptedReport =>
  report({
    week,
    member: "li-na",
    figures: {
      "fire-points": fire,
      "supervision-orders": orders,
      "assigned-issues": issues,
      "firework-transport-cases": transport,
      "firework-burning-cases": burning,
    },
    ...rest,
  });

const sunHao = (
  week: string,
  [index, bulletins, surface, drinking]: [string, string, string, string | null],
  rest: Omit<ScriptedReport, "kind" | "week" | "member" | "figures">,
): ScriptedReport =>
  report({
    week,
    member: "sun-hao",
    figures: {
      "water-quality-index": index,
      "water-bulletins": bulletins,
      "surface-water-good-rate": surface,
      "drinking-water-compliance": drinking,
    },
    ...rest,
  });

const enforcement = (
  member: "he-ping" | "ma-xiaodong" | "huang-lei",
  week: string,
  [inspections, penalties, visits, networked]: [string, string, string | null, string],
  rest: Omit<ScriptedReport, "kind" | "week" | "member" | "figures">,
): ScriptedReport =>
  report({
    week,
    member,
    figures: {
      "offsite-inspections": inspections,
      penalties,
      "assistance-visits": visits,
      "networked-enterprises": networked,
    },
    ...rest,
  });

const ON_TRACK = { health: "on_track" } as const;

// Measures, in the wording they end with (earlier weeks say less).
const STRAW_START = "加强秸秆禁烧管控，开展秸秆禁烧巡查暗访";
const STRAW_PRESSURE = "加强秸秆禁烧管控，开展秸秆禁烧巡查暗访工作，持续传导压力";
const STRAW_FINAL = `${STRAW_PRESSURE}，推进秸秆禁烧工作，下发通报1期`;
const AIR_QUALITY_START = "调度中心城市空气质量改善情况";
const AIR_QUALITY_RANK = `${AIR_QUALITY_START}，1-6月中心城市空气质量优良天数排名全省第一`;
const AIR_QUALITY_FINAL = `${AIR_QUALITY_RANK}，空气质量全省排名第一`;
const FIREWORKS_START =
  "积极推进烟花爆竹禁燃禁放禁售工作，各级公安机关联合应急管理、市场监管等部门强化线索收集";
const FIREWORKS_CASES = `${FIREWORKS_START}和案件侦办`;
const fireworksStopped = (count: number) =>
  `${FIREWORKS_CASES}，加大对禁放区内非法燃放烟花爆竹情况的处罚力度，成功制止非法燃放烟花爆竹${count}余起`;
const FIREWORKS_FINAL = fireworksStopped(180);
const DUST_MEETINGS =
  "召开市治霾工作领导小组会议和夏季大气污染防治督查巡查工作会议，安排部署扬尘污染防治工作";
const DUST_MEETING_MAY = "召开市治霾工作领导小组会议";
const DUST_FOLLOW_UP_START = "对前期交办扬尘污染问题开展后督查";
const DUST_FOLLOW_UP = `${DUST_FOLLOW_UP_START}，深入推进整改工作`;
const SECTIONS_START = "对各县（市、区）12个地表水国考断面“一断一策”达标方案落实情况进行调度";
const SECTIONS_FINAL = `${SECTIONS_START}，查找存在的问题，提出下一步工作措施`;
const GUANMIAO_START = "关庙污水处理厂建设工程正在开展进场开工前期准备工作";
const GUANMIAO_APPROVALS = `${GUANMIAO_START}，5月31日取得工程初步设计批复，6月1日省政府已批准用地手续`;
const GUANMIAO_FINAL = `${GUANMIAO_APPROVALS}，正在组织审查工程施工图设计，同步办理工程规划报建及施工许可等前期手续`;
const BULLETINS_START = "定期公开全市水环境质量状况及县级以上饮用水源地水质现状";
const BULLETINS =
  "定期公开全市水环境质量状况及县级以上饮用水源地水质现状，印发水质快报，按月（季）对中心城区及县级饮用水源地、农村万人千吨水源地水质情况进行公示，接受公众和社会监督";
const MONITORING_FINAL =
  "将21个县级以上饮用水源地、38个国省市控监测断面纳入安康市环境应急管理平台进行管理，实行24小时监控，发现异常及时转办、立即处理";
const SOIL_FUNDS_START =
  "按照中省生态环境专项资金申报要求，认真复核项目投资、建设内容、绩效目标等，结合我市工作实际组织报送土壤治理项目";
const SOIL_FUNDS_FINAL = `${SOIL_FUNDS_START}，经省厅专家认定，我市报送项目成本均属国内平均水平范畴`;
const SOIL_INSPECTION =
  "印发《关于开展土壤污染重点监管单位专项执法检查的通知》，要求各相关分局对辖区土壤污染重点监管单位隐患问题整改情况进行全面执法检查";
const ZHONGKE =
  "对陕西中科纳米材料股份有限公司土壤污染隐患问题整改情况进行现场核查检查，确保重点企业存在的隐患问题按期整改到位";
const CLIMATE_PLAN_FINAL = "围绕重点目标任务，正在组织编制《安康市“十四五”应对气候变化专项规划》";
const INVENTORY_START = "2019年-2020年市级和县级温室气体排放清单正在编制之中";
const INVENTORY_FINAL = `${INVENTORY_START}，已部署开展全市2021年度的编制工作，为我市碳达峰碳中和工作提供有效基础数据支撑`;
const TASK_FORCE =
  "市委、市政府调整成立了以市委副书记、市政府分管副市长为组长的蒿坪河流域污染治理工作专班";
const RECTIFICATION_PLAN_START =
  "市整改办制定了《第二轮中央生态环境保护督察安康市牵头问题整改方案（讨论稿）》";
const RECTIFICATION_PLAN_FINAL = `${RECTIFICATION_PLAN_START}，已按期报送给省生态环境保护督察办审定`;
const ACID_WATER_FINAL = "蒿坪河流域线麻沟、陈家沟两个酸性废水处理设施试点项目主体工程完工";
const HESHANGMIAO = "白石河流域和尚庙矿点污染整治工程清运废弃矿渣、封堵污水矿洞";
const BUDAIGOU = "布袋购矿点污染整治工程已完成清运废弃矿渣0.54万方";
const HAOPINGHE_PLAN =
  "争取专项经费，已启动开展《安康市蒿坪河流域水污染防治与生态保护规划（2016-2030）》修编工作";
const POSITIVE_LIST_FINAL =
  "严格执行生态环境监督执法正面清单管理，对纳入正面清单企业共6个行业99家开展非现场执法和执法帮扶";
const NETWORKING = "推进重点单位自动监控安装联网，督导具备联网条件的企业完成领卡联网";
const NETWORKING_FINAL = "推进重点单位自动监控安装联网，督导具备联网条件的51家企业完成领卡联网";
const SENT_DOWN_FINAL =
  "按照全市生态环境执法工作会安排，抽调执法力量下沉汉滨、宁陕、旬阳开展执法帮扶";
const GREEN_EXAMS =
  "聚焦热点难点，倾力打造“绿色护考”，联合市住建局、城管局开展全市建筑施工扬尘和噪声污染执法整治暨“绿色护考”行动，对安康高新区一家施工单位夜间施工行为处罚2万元，并作为典型案件进行全市通报曝光";

/** The problems of the reference's section 二, as three owners give them in the last weeks. */
export const REFERENCE_PROBLEMS = {
  air: "部分施工单位扬尘管控不到位、月河川道秸秆焚烧情况时有发生，影响中心城市大气环境质量的巩固提升",
  water: "受高温天气等因素影响，湖库水质富营养化问题有所显现",
  rivers: "白石河、蒿坪河流域污染治理工作任务重、时间紧、资金缺口大，工作进展不平衡",
};

/** The next steps of the reference's section 二. */
export const REFERENCE_NEXT_STEPS = {
  rivers:
    "以实施2022年安康市蓝天碧水净土三大保卫战和白石河、蒿坪河流域污染治理任务为重点，强化各项措施落实落地落细",
  enforcement:
    "按照事不过夜、马上就办、办就办好的要求，加大现场执法力度，切实解决好群众反映的突出环境问题",
  air: "持续推进大气、水环境环境质量改善，不断巩固提升专项整治成效",
};

/** Wordings of measures that later weeks replaced: the circular keeps only the latest. */
export const SUPERSEDED_WORDINGS = [
  "成功制止非法燃放烟花爆竹120余起",
  "成功制止非法燃放烟花爆竹150余起",
  "纳入安康市环境应急管理平台管理",
  "围绕重点目标任务，组织编制",
];

/** The measures in their final wording, by task key: what each section must say. */
export const FINAL_MEASURES: Record<string, string[]> = {
  "blue-sky": [STRAW_FINAL, AIR_QUALITY_FINAL, FIREWORKS_FINAL, DUST_MEETINGS, DUST_FOLLOW_UP],
  "clear-water": [SECTIONS_FINAL, GUANMIAO_FINAL, BULLETINS, MONITORING_FINAL],
  "clean-soil": [SOIL_FUNDS_FINAL, SOIL_INSPECTION, ZHONGKE],
  "dual-carbon": [CLIMATE_PLAN_FINAL, INVENTORY_FINAL],
  "inspection-rectification": [
    TASK_FORCE,
    RECTIFICATION_PLAN_FINAL,
    ACID_WATER_FINAL,
    HESHANGMIAO,
    BUDAIGOU,
    HAOPINGHE_PLAN,
  ],
  governance: [POSITIVE_LIST_FINAL, NETWORKING_FINAL, SENT_DOWN_FINAL, GREEN_EXAMS],
};

/**
 * The quarter, step by step. Weekly figures: fire points 40 (张伟) + 27 (李娜); 督办单 2+1+1;
 * issues 5+2+2; transport cases 1+1+1+1 and burning cases 6+5+4+4 (李娜); bulletins 1+1 (孙浩)
 * + 1+1+1+1 (周静); soil projects 4+2 submitted, 3+1 passed; slag 3.02+2.09 万方 and adits 4+7;
 * off-site inspections 60 (何平) + 46 (马晓东) + 42 (黄蕾), penalties 1+1, visits 30+28+22,
 * networked 30+21. 张伟 first reports 15 fire points in W21 and corrects it to 5 with /edit.
 */
export const REFERENCE_SCRIPT: ScriptedStep[] = [
  // W14 (4月4日–10日)
  zhang("2022-W14", ["12处", "0", "0", "88", "45"], {
    items: [STRAW_START, AIR_QUALITY_START],
    ...ON_TRACK,
  }),
  liNa("2022-W14", ["10", "0", "0", "1起", "六起"], {
    items: [STRAW_START, FIREWORKS_START],
    ...ON_TRACK,
  }),
  sunHao("2022-W14", ["3.3012", "0", "100%", "100%"], {
    items: [SECTIONS_START, GUANMIAO_START],
    ...ON_TRACK,
  }),
  // W15 (4月11日–17日)
  zhang("2022-W15", ["9", "0", "0", "95天", "44"], {
    items: [`${STRAW_START}工作`],
    ...ON_TRACK,
  }),
  liNa("2022-W15", ["0", "0", "0", "0", "5"], {
    items: [FIREWORKS_CASES],
    ...ON_TRACK,
  }),
  sunHao("2022-W15", ["3.2987", "1期", "100", "100"], {
    items: [SECTIONS_START, BULLETINS],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W15",
    member: "zheng-li",
    items: ["围绕重点目标任务，组织编制《安康市“十四五”应对气候变化专项规划》"],
    figures: {},
    ...ON_TRACK,
  }),
  report({
    week: "2022-W15",
    member: "feng-gang",
    items: [TASK_FORCE, RECTIFICATION_PLAN_START],
    figures: { "slag-removed": "0", "adits-sealed": "0" },
    ...ON_TRACK,
  }),
  enforcement("he-ping", "2022-W15", ["20次", "0", "10", "0"], {
    items: ["严格执行生态环境监督执法正面清单管理，开展非现场执法"],
    ...ON_TRACK,
  }),
  // W16 (4月18日–24日)
  liNa("2022-W16", ["8处", "0", "0", "1", "4"], {
    items: [`${STRAW_START}工作`, FIREWORKS_CASES],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W16",
    member: "zhou-jing",
    items: [BULLETINS_START],
    figures: { "water-bulletins": "0" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W16",
    member: "wu-lei",
    items: [SOIL_FUNDS_START],
    figures: { "soil-projects-submitted": "4个", "soil-projects-approved": "0" },
    ...ON_TRACK,
  }),
  enforcement("ma-xiaodong", "2022-W16", ["12", "0", "8", "0"], {
    items: ["对汉滨区正面清单企业开展非现场执法和执法帮扶"],
    ...ON_TRACK,
  }),
  // W17 (4月25日–5月1日; the close moves past the May Day holiday)
  zhang("2022-W17", ["8", "0", "0", "107", "41"], {
    items: [STRAW_PRESSURE],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W17",
    member: "zhou-jing",
    items: [BULLETINS],
    figures: { "water-bulletins": "1" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W17",
    member: "feng-gang",
    items: [HESHANGMIAO],
    figures: { "slag-removed": "0", "adits-sealed": "4个" },
    ...ON_TRACK,
  }),
  enforcement("huang-lei", "2022-W17", ["10", "0", "6", "0"], {
    items: ["对旬阳区正面清单企业开展非现场执法和执法帮扶"],
    ...ON_TRACK,
  }),
  // W18 (5月2日–8日)
  liNa("2022-W18", ["5", "0", "0", "1", "4"], {
    items: [fireworksStopped(120)],
    ...ON_TRACK,
  }),
  {
    kind: "skip",
    week: "2022-W18",
    member: "sun-hao",
    reason: "参加省生态环境厅水污染防治业务培训",
  },
  report({
    week: "2022-W18",
    member: "wu-lei",
    items: [SOIL_FUNDS_START],
    figures: { "soil-projects-submitted": "2", "soil-projects-approved": "0" },
    ...ON_TRACK,
  }),
  enforcement("he-ping", "2022-W18", ["0", "0", null, "30家"], {
    items: [NETWORKING],
    ...ON_TRACK,
  }),
  // W19 (5月9日–15日)
  zhang("2022-W19", ["6", "2份", "5个", "一百二十", "39"], {
    items: [DUST_MEETING_MAY, STRAW_PRESSURE],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W19",
    member: "zhou-jing",
    items: [BULLETINS],
    figures: { "water-bulletins": "1" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W19",
    member: "zheng-li",
    items: ["围绕重点目标任务，组织编制《安康市“十四五”应对气候变化专项规划》", INVENTORY_START],
    figures: {},
    ...ON_TRACK,
  }),
  report({
    week: "2022-W19",
    member: "feng-gang",
    items: [HESHANGMIAO],
    figures: { "slag-removed": "3.02万方", "adits-sealed": "0" },
    ...ON_TRACK,
  }),
  enforcement("he-ping", "2022-W19", ["22", "0", "10", "0"], {
    items: ["严格执行生态环境监督执法正面清单管理，对纳入正面清单企业开展非现场执法"],
    ...ON_TRACK,
  }),
  enforcement("ma-xiaodong", "2022-W19", ["14", "0", "10", "0"], {
    items: ["抽调执法力量下沉汉滨开展执法帮扶"],
    ...ON_TRACK,
  }),
  // W20 (5月16日–22日)
  liNa("2022-W20", ["4", "0", "0", "0", "0"], {
    when: "late",
    items: [`${STRAW_START}工作`, DUST_FOLLOW_UP_START],
    ...ON_TRACK,
  }),
  sunHao("2022-W20", ["3.2895", "0", "100", "100"], {
    items: [SECTIONS_START],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W20",
    member: "zhou-jing",
    items: [
      "将21个县级以上饮用水源地、38个国省市控监测断面纳入安康市环境应急管理平台管理，实行24小时监控",
    ],
    figures: { "water-bulletins": "0" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W20",
    member: "wu-lei",
    items: [SOIL_INSPECTION],
    figures: { "soil-projects-submitted": "0", "soil-projects-approved": "0" },
    ...ON_TRACK,
  }),
  enforcement("huang-lei", "2022-W20", ["12", "1起", "8", "0"], {
    items: ["抽调执法力量下沉旬阳开展执法帮扶"],
    ...ON_TRACK,
  }),
  // W21 (5月23日–29日): 张伟 types 15 fire points and corrects them to 5 before the close
  zhang("2022-W21", ["15", "0", "0", "133", "37"], {
    items: [STRAW_FINAL],
    ...ON_TRACK,
  }),
  {
    kind: "edit",
    week: "2022-W21",
    member: "zhang-wei",
    when: "beforeClose",
    metric: "fire-points",
    figure: "5处",
  },
  sunHao("2022-W21", ["3.2811", "1", "100", "100"], {
    items: [BULLETINS],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W21",
    member: "feng-gang",
    items: [RECTIFICATION_PLAN_START],
    figures: { "slag-removed": "0", "adits-sealed": "0" },
    health: "at_risk",
  }),
  enforcement("ma-xiaodong", "2022-W21", ["十二次", "0", "10", "0"], {
    items: ["抽调执法力量下沉汉滨开展执法帮扶", "对汉滨区正面清单企业开展非现场执法"],
    ...ON_TRACK,
  }),
  // W22 (5月30日–6月5日; the Dragon Boat Festival moves the prompt to Thursday)
  zhang("2022-W22", ["0", "0", "0", "140", "36"], {
    items: [AIR_QUALITY_START],
    ...ON_TRACK,
  }),
  sunHao("2022-W22", ["3.2711", "0", "100", "100"], {
    items: [SECTIONS_FINAL, GUANMIAO_APPROVALS],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W22",
    member: "wu-lei",
    items: [SOIL_FUNDS_START],
    figures: { "soil-projects-submitted": "0", "soil-projects-approved": "3" },
    ...ON_TRACK,
  }),
  enforcement("he-ping", "2022-W22", ["0", "0", "0", "21"], {
    items: [NETWORKING_FINAL],
    ...ON_TRACK,
  }),
  enforcement("huang-lei", "2022-W22", ["10", "0", "8", "0"], {
    items: ["对旬阳区正面清单企业开展非现场执法"],
    ...ON_TRACK,
  }),
  // W23 (6月6日–12日)
  liNa("2022-W23", ["0", "1", "2", "1", "0"], {
    items: [DUST_FOLLOW_UP_START, fireworksStopped(150)],
    ...ON_TRACK,
  }),
  sunHao("2022-W23", ["3.2640", "0", "100", "100"], {
    items: [GUANMIAO_FINAL],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W23",
    member: "zhou-jing",
    items: [BULLETINS],
    figures: { "water-bulletins": "1" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W23",
    member: "zheng-li",
    items: [CLIMATE_PLAN_FINAL],
    figures: {},
    ...ON_TRACK,
  }),
  report({
    week: "2022-W23",
    member: "feng-gang",
    items: [HESHANGMIAO],
    figures: { "slag-removed": "2.09 万方", "adits-sealed": "7" },
    health: "blocked",
    blockedReason: "蒿坪河流域治理资金缺口大",
  }),
  enforcement("he-ping", "2022-W23", ["18", "0", "10", "0"], {
    items: ["严格执行生态环境监督执法正面清单管理，对纳入正面清单企业共6个行业99家开展非现场执法"],
    ...ON_TRACK,
  }),
  // W24 (6月13日–19日)
  zhang("2022-W24", ["0", "1", "2", "154", "35"], {
    items: [DUST_MEETINGS, DUST_FOLLOW_UP],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W24",
    member: "wu-lei",
    items: [SOIL_FUNDS_FINAL],
    figures: { "soil-projects-submitted": "0", "soil-projects-approved": "1" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W24",
    member: "feng-gang",
    items: [RECTIFICATION_PLAN_FINAL],
    figures: { "slag-removed": "0", "adits-sealed": "0" },
    health: "at_risk",
  }),
  enforcement("he-ping", "2022-W24", ["0", "1", "0", "0"], {
    items: [GREEN_EXAMS],
    ...ON_TRACK,
  }),
  enforcement("ma-xiaodong", "2022-W24", ["8", "0", "0", "0"], {
    items: ["对汉滨区正面清单企业开展非现场执法"],
    ...ON_TRACK,
  }),
  // W25 (6月20日–26日)
  zhang("2022-W25", ["0", "0", "0", "163", "35"], {
    items: [AIR_QUALITY_RANK],
    ...ON_TRACK,
    problems: REFERENCE_PROBLEMS.air,
  }),
  liNa("2022-W25", ["0", "0", "0", "0", "0"], {
    items: [FIREWORKS_FINAL],
    ...ON_TRACK,
  }),
  report({
    week: "2022-W25",
    member: "zhou-jing",
    items: [BULLETINS, MONITORING_FINAL],
    figures: { "water-bulletins": "1" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W25",
    member: "wu-lei",
    items: [ZHONGKE],
    figures: { "soil-projects-submitted": "0", "soil-projects-approved": "0" },
    ...ON_TRACK,
  }),
  report({
    week: "2022-W25",
    member: "feng-gang",
    items: [ACID_WATER_FINAL, BUDAIGOU],
    figures: { "slag-removed": "0", "adits-sealed": "0" },
    health: "at_risk",
  }),
  enforcement("huang-lei", "2022-W25", ["10", "0", "0", "0"], {
    items: [SENT_DOWN_FINAL],
    ...ON_TRACK,
  }),
  // W26 (6月27日–7月3日): the quarter's last week, with its problems and next steps
  zhang("2022-W26", ["0", "0", "0", "170天", "34微克/立方米"], {
    items: [AIR_QUALITY_FINAL],
    ...ON_TRACK,
    problems: REFERENCE_PROBLEMS.air,
    nextSteps: REFERENCE_NEXT_STEPS.air,
  }),
  sunHao("2022-W26", ["3.2640", "0", "100%", "100%"], {
    items: [
      "汉江出省断面水质稳定保持国家地表水Ⅱ类标准，没有发生重大水环境污染事故和因环境引发的重大群体性事件",
    ],
    ...ON_TRACK,
    problems: REFERENCE_PROBLEMS.water,
  }),
  report({
    week: "2022-W26",
    member: "zheng-li",
    items: [INVENTORY_FINAL],
    figures: {},
    ...ON_TRACK,
  }),
  report({
    week: "2022-W26",
    member: "feng-gang",
    items: [HAOPINGHE_PLAN],
    figures: { "slag-removed": "0", "adits-sealed": "0" },
    health: "at_risk",
    problems: REFERENCE_PROBLEMS.rivers,
    nextSteps: REFERENCE_NEXT_STEPS.rivers,
  }),
  enforcement("he-ping", "2022-W26", ["0", "0", "0", "0"], {
    items: [POSITIVE_LIST_FINAL],
    ...ON_TRACK,
    nextSteps: REFERENCE_NEXT_STEPS.enforcement,
  }),
];

/** What {@link feedReferenceQuarter} leaves behind. */
export interface FedQuarter {
  campaignId: string;
  campaignKey: string;
  quarter: string;
  /** The quarter's ISO weeks, `2022-W14` … `2022-W26`. */
  weeks: string[];
  /** Chat id of every owner, by member key. */
  chatIds: Record<string, string>;
}

/**
 * Imports the reference campaign into `prisma` (an empty, migrated database), binds every
 * owner to a Telegram chat (invites for those the file gives no id) and feeds the quarter's
 * conversations through the core, each with the clock inside its reporting week.
 */
export async function feedReferenceQuarter(
  prisma: PrismaClient,
  script: readonly ScriptedStep[] = REFERENCE_SCRIPT,
): Promise<FedQuarter> {
  const file = loadCampaignFile(REFERENCE_EXAMPLE);
  const { campaignId } = await importCampaign({ prisma, file });
  let clock = new Date("2022-04-01T02:00:00Z");
  const handler = createIncomingHandler({ prisma, logger, now: () => clock });
  const person = (userId: string) => new ChatDriver({ prisma, userId, now: () => clock, handler });

  const chatIds: Record<string, string> = {};
  for (const member of file.members) if (member.telegram) chatIds[member.key] = member.telegram;
  for (const [memberKey, chatId] of Object.entries(INVITED_OWNERS)) {
    const invite = await createInvite({
      prisma,
      memberKey,
      platform: "telegram",
      ttlHours: 72,
      now: clock,
    });
    if (!invite.ok) throw new Error(`no invite for ${memberKey}: ${invite.reason}`);
    const driver = person(chatId);
    await driver.command("start", invite.code);
    expectSaid(driver, "账号已绑定");
    chatIds[memberKey] = chatId;
  }

  const context = await loadCampaignContext(prisma, campaignId);
  const instantOf = (week: string, when: When = "prompt"): Date => {
    const period = scheduledPeriodOf({ weekId: week, ...context });
    if (!period) throw new Error(`no reporting period ${week}`);
    const hour = 3_600_000;
    if (when === "prompt") return new Date(period.promptAt.getTime() + hour);
    if (when === "beforeClose") return new Date(period.closesAt.getTime() - 2 * hour);
    return new Date(period.closesAt.getTime() + 2 * hour);
  };
  // Reports of one week come in a few minutes apart, in the script's order.
  const perWeek = new Map<string, number>();
  for (const step of script) {
    const slot = perWeek.get(step.week) ?? 0;
    perWeek.set(step.week, slot + 1);
    clock = new Date(instantOf(step.week, step.when).getTime() + slot * 7 * 60_000);
    const chatId = chatIds[step.member];
    if (!chatId) throw new Error(`${step.member} has no chat`);
    const driver = person(chatId);
    if (step.kind === "skip") {
      await driver.command("skip", step.reason);
      expectSaid(driver, `（${step.week}）`);
    } else if (step.kind === "edit") {
      await editFigure(driver, file, step);
    } else {
      await driver.command("report");
      await answerReport(driver, file, step);
    }
  }
  return {
    campaignId,
    campaignKey: file.campaign.key,
    quarter: REFERENCE_QUARTER,
    weeks: weeksInQuarter(REFERENCE_QUARTER).map((week) => week.id),
    chatIds,
  };
}

function expectSaid(driver: ChatDriver, text: string): void {
  if (!driver.text().includes(text)) {
    throw new Error(`expected the bot to say “${text}”, it said:\n${driver.text()}`);
  }
}

/** The task of the campaign file that `member` owns (each owner of the reference owns one). */
function taskOf(file: CampaignFile, member: string) {
  const task = file.tasks.find((candidate) => candidate.owners.includes(member));
  if (!task) throw new Error(`${member} owns no task`);
  return task;
}

/** Answers the open report's questions from the script, up to its submission. */
async function answerReport(
  driver: ChatDriver,
  file: CampaignFile,
  step: ScriptedReport,
): Promise<void> {
  const task = taskOf(file, step.member);
  const where = `${step.member} ${step.week}`;
  for (let guard = 0; guard < 40; guard += 1) {
    const said = driver.text();
    if (said.includes("请核对")) {
      await driver.tap("submit");
      expectSaid(driver, `已提交第${task.number}项任务`);
      return;
    }
    if (said.includes("受阻原因")) {
      await driver.send(step.blockedReason ?? "受阻");
    } else if (said.includes("是多少")) {
      const metric = task.metrics.find((candidate) => said.includes(`“${candidate.name}”是多少`));
      if (!metric) throw new Error(`${where}: which metric is asked?\n${said}`);
      const figure = step.figures[metric.key];
      if (figure === undefined) throw new Error(`${where}: no figure for ${metric.key}`);
      if (figure === null) await driver.tap("skip");
      else {
        await driver.send(figure);
        expectSaid(driver, "已记录");
      }
    } else if (said.includes("进展如何")) {
      await driver.tap(`st:${step.health}`);
    } else if (said.includes("存在哪些问题")) {
      if (step.problems) await driver.send(step.problems);
      else await driver.tap("skip");
    } else if (said.includes("下一步")) {
      if (step.nextSteps) await driver.send(step.nextSteps);
      else await driver.tap("skip");
    } else if (said.includes("做了哪些工作")) {
      await driver.send(step.items.join("\n"));
      expectSaid(driver, "已记录");
      await driver.tap("done");
    } else {
      throw new Error(`${where}: unexpected question\n${said}`);
    }
  }
  throw new Error(`${where}: never reached the review card`);
}

/** `/edit`, one figure changed from the review card, submitted again. */
async function editFigure(driver: ChatDriver, file: CampaignFile, step: ScriptedEdit) {
  const task = taskOf(file, step.member);
  const lead = task.owners[0] === step.member;
  const asked = task.metrics.filter((metric) => lead || metric.reportedBy !== "lead_owner");
  const index = asked.findIndex((metric) => metric.key === step.metric);
  if (index < 0) throw new Error(`${step.member} is not asked ${step.metric}`);
  await driver.command("edit");
  expectSaid(driver, "本期已经提交过");
  await driver.tap(`edit:m:${index}`);
  await driver.send(step.figure);
  expectSaid(driver, "请核对");
  await driver.tap("submit");
  expectSaid(driver, `已更新第${task.number}项任务`);
}
