/** What a member sends: a command, a text message, or a tap on a button of the last replies. */
export type MemberInput =
  | { kind: "command"; name: string }
  | { kind: "text"; text: string }
  | { kind: "tap"; action: string };

/** One update of the conversation and what must come back for it. */
export interface ScriptStep {
  input: MemberInput;
  /** How many messages the bot sends for it. */
  replies: number;
  /** What the last of them says. */
  expect: RegExp;
  /** Button actions the last reply must carry (the next step taps one). */
  buttons?: string[];
}

/**
 * The whole weekly report of a member owning one task with two metrics: 10 updates, 3 of
 * them button taps, 12 messages back. Both sides must answer it the same way.
 */
export const REPORT_SCRIPT: readonly ScriptStep[] = [
  { input: { kind: "command", name: "report" }, replies: 2, expect: /本周做了哪些工作/ },
  {
    input: { kind: "text", text: "开展专项检查，现场督导重点点位" },
    replies: 1,
    expect: /已记录第1条/,
    buttons: ["done"],
  },
  {
    input: { kind: "text", text: "召开推进会议，部署下阶段整治" },
    replies: 1,
    expect: /已记录第2条/,
    buttons: ["done"],
  },
  { input: { kind: "tap", action: "done" }, replies: 1, expect: /“检查次数”是多少/ },
  { input: { kind: "text", text: "12次" }, replies: 1, expect: /“整改完成率”是多少/ },
  {
    input: { kind: "text", text: "87.5" },
    replies: 1,
    expect: /目前进展如何/,
    buttons: ["st:on_track"],
  },
  { input: { kind: "tap", action: "st:on_track" }, replies: 1, expect: /存在哪些问题/ },
  { input: { kind: "text", text: "部分单位整改进度偏慢" }, replies: 1, expect: /下一步打算/ },
  {
    input: { kind: "text", text: "下周完成整改复查" },
    replies: 1,
    expect: /请核对[\s\S]*12 次[\s\S]*87\.5%/,
    buttons: ["submit"],
  },
  { input: { kind: "tap", action: "submit" }, replies: 2, expect: /已全部提交/ },
];

/** The button of `action`: data equal to it, or ending in `|<action>` (duban's nonce prefix). */
export function matchesAction(data: string, action: string): boolean {
  return data === action || data.endsWith(`|${action}`);
}
