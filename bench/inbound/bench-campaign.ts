import { stringify } from "yaml";
import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { parseCampaignFile } from "../../src/campaigns/parse-campaign-file.js";

/** Friday 2022-06-10 10:00 in Shanghai: week 2022-W23 is open, closing Monday 06-13 12:00. */
export const BENCH_NOW = new Date("2022-06-10T02:00:00Z");

export const CAMPAIGN_TITLE = "压测督办";
/** How the period and deadline read at `BENCH_NOW` (the baseline shows them as constants). */
export const PERIOD_LABEL = "2022-06-06 – 2022-06-12";
export const DEADLINE_LABEL = "6月13日（周一）12:00";

/** The two metrics of every member's task. */
export const BENCH_METRICS = [
  { key: "inspections", name: "检查次数", unit: "次" },
  { key: "rectified", name: "整改完成率", unit: "%" },
] as const;

/** One simulated member: who they are on Telegram and the task they own. */
export interface BenchMember {
  key: string;
  name: string;
  telegramId: number;
  taskNumber: number;
  taskTitle: string;
}

/** `count` members, numbered from 1; warm-up members come after the measured ones. */
export function benchMembers(count: number): BenchMember[] {
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    return {
      key: `member-${String(n).padStart(4, "0")}`,
      name: `成员${n}`,
      telegramId: 700_000_000 + n,
      taskNumber: n,
      taskTitle: `第${n}项重点任务`,
    };
  });
}

/**
 * The campaign as a YAML file would define it: one unit, the members bound to their Telegram
 * user ids, one task per member with two metrics. Written as YAML and parsed with
 * `parseCampaignFile`, so the defaults and checks of a real file apply.
 */
export function benchCampaign(members: BenchMember[]): CampaignFile {
  const file = {
    version: 1,
    campaign: {
      key: "inbound-bench",
      title: CAMPAIGN_TITLE,
      year: 2022,
      timeZone: "Asia/Shanghai",
      locale: "zh-CN",
      leadUnit: "office",
    },
    units: [
      { key: "bureau", name: "某局", kind: "bureau" },
      { key: "office", name: "督查科", parent: "bureau" },
    ],
    members: members.map((member) => ({
      key: member.key,
      name: member.name,
      unit: "office",
      telegram: member.telegramId,
    })),
    tasks: members.map((member) => ({
      key: `task-${member.taskNumber}`,
      number: member.taskNumber,
      title: member.taskTitle,
      leadUnit: "office",
      owners: [member.key],
      metrics: [
        { ...BENCH_METRICS[0], aggregation: "sum" },
        { ...BENCH_METRICS[1], aggregation: "latest" },
      ],
    })),
    schedule: {
      prompt: { day: "friday", time: "09:00" },
      close: { day: "monday", time: "12:00" },
    },
  };
  const parsed = parseCampaignFile({ text: stringify(file), fileName: "inbound-bench.yaml" });
  if (!parsed.ok) {
    throw new Error(`the bench campaign is invalid: ${JSON.stringify(parsed.errors, null, 2)}`);
  }
  return parsed.campaign;
}
