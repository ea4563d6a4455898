import { Worker } from "node:worker_threads";

/** A message the fake accepted. */
export interface AcceptedSend {
  chatId: number;
  text: string;
  /** When the request arrived: `performance.timeOrigin + performance.now()`, milliseconds. */
  at: number;
  /** The bot token's secret half, to tell which instance sent it. */
  sender: string;
}

/** This process's clock in the form of `AcceptedSend.at`. */
export const wallClock = (): number => performance.timeOrigin + performance.now();

/**
 * A loopback Telegram Bot API for load tests: answers getMe and sendMessage (JSON bodies, as
 * grammY sends them) like Telegram, and enforces a global limit of `perSecond` messages in any
 * second (a sliding window), answering 429 with `retry_after` in whole seconds past it, as
 * Telegram does. It records every accepted message with its arrival time, and runs in a worker
 * thread, so the caller's own work does not bunch the arrivals it measures.
 */
export async function startRateLimitedBotApi(options: { perSecond?: number } = {}) {
  const worker = new Worker(new URL("./rate-limited-bot-api-worker.mjs", import.meta.url), {
    workerData: options,
  });
  let nextId = 1;
  const pending = new Map<number, (answer: Record<string, unknown>) => void>();
  const port = await new Promise<number>((resolve, reject) => {
    worker.once("error", reject);
    worker.on("message", (message: Record<string, unknown>) => {
      if (typeof message.port === "number") resolve(message.port);
      const id = message.id;
      if (typeof id === "number") pending.get(id)?.(message);
    });
  });
  const ask = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, (answer) => {
        pending.delete(id);
        resolve(answer);
      });
      worker.postMessage({ type, id });
    });
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    /** How many messages were accepted and refused with 429 so far. */
    async stats(): Promise<{ accepted: number; tooManyRequests: number }> {
      const answer = await ask("stats");
      return { accepted: Number(answer.accepted), tooManyRequests: Number(answer.tooManyRequests) };
    },
    /** Every accepted message, and every one refused with 429. */
    async accepted(): Promise<{
      sends: AcceptedSend[];
      refused: AcceptedSend[];
      tooManyRequests: number;
    }> {
      const answer = await ask("accepted");
      return {
        sends: answer.accepted as AcceptedSend[],
        refused: answer.refused as AcceptedSend[],
        tooManyRequests: Number(answer.tooManyRequests),
      };
    },
    async close(): Promise<void> {
      await ask("close");
      await worker.terminate();
    },
  };
}

/** The most sends within any `windowMs` (half-open) among times sorted ascending. */
export function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] ?? 0) - (times[start] ?? 0) >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
