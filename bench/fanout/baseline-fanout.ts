import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import { type FakeTelegram, type FanoutResult, fanoutFigures } from "./fanout-figures.js";

/**
 * The baseline a grammY user would write for the same fan-out: a loop that awaits
 * `bot.api.sendMessage` for each chat, with `@grammyjs/auto-retry` (its defaults) to wait
 * out 429s. A send that still fails is counted lost and the loop goes on.
 */
export async function runBaselineFanout(options: {
  messages: number;
  telegram: FakeTelegram;
  text: (index: number) => string;
}): Promise<FanoutResult> {
  const bot = new Bot("42:baseline", { client: { apiRoot: options.telegram.apiRoot } });
  bot.api.config.use(autoRetry());
  let failed = 0;
  const startedAt = performance.timeOrigin + performance.now();
  for (let index = 0; index < options.messages; index++) {
    try {
      await bot.api.sendMessage(100_000 + index, options.text(index));
    } catch {
      failed += 1;
    }
  }
  const figures = await fanoutFigures(options.telegram, {
    side: "baseline",
    messages: options.messages,
    startedAt,
    text: options.text,
  });
  return { ...figures, notes: failed > 0 ? `${failed} sends threw` : "" };
}
