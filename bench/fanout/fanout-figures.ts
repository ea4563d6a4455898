import {
  busiestWindow,
  type startRateLimitedBotApi,
} from "../../tests/support/rate-limited-bot-api.js";

/** The loopback Bot API a run sends to. */
export type FakeTelegram = Awaited<ReturnType<typeof startRateLimitedBotApi>>;

/** What one side achieved, as the fake Bot API saw it. */
export interface FanoutResult {
  side: "duban" | "baseline";
  messages: number;
  /** From the first send's start to the last message accepted. */
  wallMs: number;
  accepted: number;
  tooManyRequests: number;
  duplicates: number;
  lost: number;
  /** The most messages accepted within one second. */
  busiestSecond: number;
  notes: string;
}

/** Counts what the fake accepted for a run of `messages` whose texts `text` names. */
export async function fanoutFigures(
  telegram: FakeTelegram,
  run: {
    side: FanoutResult["side"];
    messages: number;
    startedAt: number;
    text: (index: number) => string;
  },
): Promise<Omit<FanoutResult, "notes">> {
  const { sends, tooManyRequests } = await telegram.accepted();
  const expected = new Set(Array.from({ length: run.messages }, (_, i) => run.text(i)));
  const distinct = new Set(sends.map((send) => send.text).filter((text) => expected.has(text)));
  const times = sends.map((send) => send.at).sort((a, b) => a - b);
  return {
    side: run.side,
    messages: run.messages,
    wallMs: (times.at(-1) ?? run.startedAt) - run.startedAt,
    accepted: sends.length,
    tooManyRequests,
    duplicates: sends.length - distinct.size,
    lost: run.messages - distinct.size,
    busiestSecond: busiestWindow(times, 1000),
  };
}
