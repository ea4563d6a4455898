import type { Update, User } from "grammy/types";
import type { BenchMember } from "./bench-campaign.js";
import type { FakeBotApi, SentMessage } from "./fake-bot-api.js";
import {
  type MemberInput,
  matchesAction,
  REPORT_SCRIPT,
  type ScriptStep,
} from "./report-script.js";

/**
 * How updates reach grammY. `sequential`: one `handleUpdate` at a time, in arrival order, as
 * grammY's built-in long polling does (`bot.start()` awaits each update of a batch before the
 * next). `concurrent`: every member's next update is handed over as soon as it is ready, so up
 * to M are in flight at once, as in webhook mode or with grammY's runner.
 */
export type FeedMode = "sequential" | "concurrent";

/** A conversation that went wrong: names the member, the step and the last reply. */
export class BenchAbort extends Error {
  override name = "BenchAbort";
}

export interface DriveOptions {
  /** `bot.handleUpdate` of the side under test. */
  handleUpdate: (update: Update) => Promise<void>;
  api: FakeBotApi;
  members: BenchMember[];
  mode: FeedMode;
  /** How long one update may take to be answered before the run is aborted. */
  replyTimeoutMs: number;
  /** Errors the bot reported (its `bot.catch`), shown when a conversation fails. */
  botErrors: () => string[];
  /** Update ids continue from here (warm-up and measured runs share one bot). */
  firstUpdateId: number;
}

export interface DriveResult {
  updates: number;
  /** From the first update handed to grammY to the last reply of the last member. */
  wallMs: number;
  /** Per update: handed to grammY → the last of its replies sent through the Bot API. */
  latencyMs: number[];
  /** Per update: handed to grammY → `handleUpdate` resolved. */
  handleMs: number[];
  nextUpdateId: number;
}

interface Handed {
  startedAt: number;
  handled: Promise<void>;
}

/** Serialises `handleUpdate` calls (long polling) or lets them overlap (webhook/runner). */
function createGate(mode: FeedMode): (run: () => Promise<void>) => Promise<Handed> {
  if (mode === "concurrent") {
    return async (run) => {
      const startedAt = performance.now();
      return { startedAt, handled: run() };
    };
  }
  let tail: Promise<unknown> = Promise.resolve();
  return (run) => {
    const turn = tail.then(() => {
      const startedAt = performance.now();
      return { startedAt, handled: run() };
    });
    tail = turn.then((handed) => handed.handled).catch(() => undefined);
    return turn;
  };
}

/**
 * Takes every member through the whole report (`REPORT_SCRIPT`) at once. Each member's next
 * update waits for all replies to the previous one (and for grammY to have finished with it),
 * as a person answers what they just read. Throws `BenchAbort` on the first reply that is not
 * the expected one, or that does not come within `replyTimeoutMs`.
 */
export async function driveMembers(options: DriveOptions): Promise<DriveResult> {
  const hand = createGate(options.mode);
  let nextUpdateId = options.firstUpdateId;
  let nextQueryId = 1;
  const latencyMs: number[] = [];
  const handleMs: number[] = [];
  const userMessageIds = new Map<number, number>();

  const buildUpdate = (
    member: BenchMember,
    input: MemberInput,
    previous: SentMessage[],
    where: string,
  ): Update => {
    const from: User = { id: member.telegramId, is_bot: false, first_name: member.name };
    const update_id = nextUpdateId++;
    if (input.kind === "tap") {
      for (const sent of [...previous].reverse()) {
        const button = sent.buttons.find((b) => matchesAction(b.data, input.action));
        if (!button) continue;
        return {
          update_id,
          callback_query: {
            id: String(nextQueryId++),
            from,
            chat_instance: `bench-${member.telegramId}`,
            data: button.data,
            message: sent.message,
          },
        };
      }
      const offered = previous.flatMap((sent) => sent.buttons.map((b) => b.data));
      throw new BenchAbort(
        `${where}: no "${input.action}" button to tap (offered: ${JSON.stringify(offered)}); ` +
          `last reply: ${quote(previous.at(-1)?.text)}`,
      );
    }
    const text = input.kind === "command" ? `/${input.name}` : input.text;
    const message_id = (userMessageIds.get(member.telegramId) ?? 0) + 1;
    userMessageIds.set(member.telegramId, message_id);
    return {
      update_id,
      message: {
        message_id,
        date: Math.floor(Date.now() / 1000),
        chat: { id: member.telegramId, type: "private", first_name: member.name },
        from,
        text,
        ...(input.kind === "command"
          ? { entities: [{ type: "bot_command" as const, offset: 0, length: text.length }] }
          : {}),
      },
    };
  };

  const runStep = async (
    member: BenchMember,
    step: ScriptStep,
    index: number,
    previous: SentMessage[],
  ): Promise<SentMessage[]> => {
    const chatId = member.telegramId;
    const where =
      `member ${member.key} (Telegram ${chatId}), update ${index + 1}/${REPORT_SCRIPT.length} ` +
      `(${describeInput(step.input)})`;
    const update = buildUpdate(member, step.input, previous, where);
    const before = options.api.messagesFor(chatId).length;
    const { startedAt, handled } = await hand(() => options.handleUpdate(update));
    let handledAt: number | undefined;
    let thrown: unknown;
    const done = Promise.all([
      options.api.waitForCount(chatId, before + step.replies),
      handled.then(
        () => {
          handledAt = performance.now();
        },
        (error: unknown) => {
          thrown = error ?? "(undefined)";
        },
      ),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), options.replyTimeoutMs);
    });
    const outcome = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    const replies = options.api.messagesFor(chatId).slice(before);
    const fail = (what: string): never => {
      const errors = options.botErrors();
      throw new BenchAbort(
        `${where}: ${what}; last reply: ${quote(replies.at(-1)?.text ?? previous.at(-1)?.text)}` +
          (errors.length > 0 ? `\nbot errors: ${errors.slice(-3).join(" | ")}` : ""),
      );
    };
    if (thrown !== undefined) {
      fail(`handleUpdate threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
    }
    if (outcome === "timeout") {
      fail(
        `expected ${step.replies} repl${step.replies === 1 ? "y" : "ies"}, got ${replies.length} ` +
          `within ${options.replyTimeoutMs / 1000} s${handledAt === undefined ? " (grammY still busy)" : ""}`,
      );
    }
    const mine = replies.slice(0, step.replies);
    const last = mine.at(-1);
    if (!last || !step.expect.test(last.text)) fail(`expected a reply matching ${step.expect}`);
    for (const action of step.buttons ?? []) {
      if (!last?.buttons.some((b) => matchesAction(b.data, action))) {
        fail(`the reply has no "${action}" button`);
      }
    }
    latencyMs.push((last?.sentAt ?? Number.NaN) - startedAt);
    handleMs.push((handledAt ?? Number.NaN) - startedAt);
    return mine;
  };

  const runMember = async (member: BenchMember): Promise<void> => {
    let previous: SentMessage[] = [];
    for (const [index, step] of REPORT_SCRIPT.entries()) {
      previous = await runStep(member, step, index, previous);
    }
  };

  const startedAt = performance.now();
  await Promise.all(options.members.map(runMember));
  const wallMs = performance.now() - startedAt;

  // Every chat got exactly what the script expects, nothing more.
  const perMember = REPORT_SCRIPT.reduce((sum, step) => sum + step.replies, 0);
  for (const member of options.members) {
    const got = options.api.messagesFor(member.telegramId).length;
    if (got !== perMember) {
      throw new BenchAbort(
        `member ${member.key} (Telegram ${member.telegramId}): ${got} messages sent in all, ` +
          `expected ${perMember}; last reply: ${quote(options.api.messagesFor(member.telegramId).at(-1)?.text)}`,
      );
    }
  }
  return {
    updates: latencyMs.length,
    wallMs,
    latencyMs,
    handleMs,
    nextUpdateId,
  };
}

function describeInput(input: MemberInput): string {
  if (input.kind === "command") return `/${input.name}`;
  if (input.kind === "tap") return `taps "${input.action}"`;
  return `text ${quote(input.text)}`;
}

function quote(text: string | undefined): string {
  if (text === undefined) return "(none)";
  const flat = text.replace(/\s+/g, " ");
  return JSON.stringify(flat.length > 160 ? `${flat.slice(0, 157)}…` : flat);
}

/** The nearest-rank percentile `p` (0-100) of `values`. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}
