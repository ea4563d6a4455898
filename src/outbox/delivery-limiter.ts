import Bottleneck from "bottleneck";
import type { ChatRate, DeliveryLimits } from "./chat-gateway.js";

/**
 * How far below the global limit sends are paced. Bottleneck spaces sends by when they were
 * planned; a pause of the event loop (a large query result, GC) fires the planned ones
 * together, and the network adds jitter, so the platform can count a few more in a second
 * than were planned. A few percent below the limit keeps its count under it.
 */
const PACING_MARGIN = 0.03;

/** Thrown to a send that was waiting for its turn when the limiter stopped: it never ran. */
export class LimiterStopped extends Error {
  constructor() {
    super("the delivery limiter stopped before this send's turn");
    this.name = "LimiterStopped";
  }
}

/** Runs sends no faster than a platform allows (see `createDeliveryLimiter`). */
export interface DeliveryLimiter {
  /** Runs `send` once the chat's and the platform's limits allow it. */
  schedule<T>(recipient: string, send: () => Promise<T>): Promise<T>;
  /** Refuses what is still waiting (`LimiterStopped`) and waits for the sends under way. */
  stop(): Promise<void>;
}

/**
 * The platform's limits enforced with bottleneck: one limiter for all chats (`perSecond`,
 * spaced evenly a little below it, at most `maxConcurrent` sends under way) and one per chat (a bucket of
 * `burst` refilled every `intervalMs`, one send at a time), the chat's passing into the
 * global one. Limiters of idle chats are dropped once their bucket would be full again.
 *
 * @example
 * const limiter = createDeliveryLimiter(gateway.limits);
 * await limiter.schedule("501", () => gateway.sendPart("501", part));
 */
export function createDeliveryLimiter(
  limits: DeliveryLimits,
  options: { maxConcurrent?: number } = {},
): DeliveryLimiter {
  const global = new Bottleneck({
    maxConcurrent: options.maxConcurrent ?? 32,
    ...(limits.perSecond ? { minTime: 1000 / (limits.perSecond * (1 - PACING_MARGIN)) } : {}),
  });
  const groups = new Map<string, Bottleneck.Group>();
  let stopped = false;

  const chatLimiter = (recipient: string): Bottleneck => {
    const rate = limits.chatRate(recipient);
    const key = `${rate.intervalMs}/${rate.burst}`;
    let group = groups.get(key);
    if (!group) {
      group = new Bottleneck.Group(chatOptions(rate));
      groups.set(key, group);
    }
    return group.key(recipient);
  };

  return {
    async schedule<T>(recipient: string, send: () => Promise<T>): Promise<T> {
      if (stopped) throw new LimiterStopped();
      try {
        return await chatLimiter(recipient).schedule(() => {
          if (stopped) throw new LimiterStopped();
          return global.schedule(send);
        });
      } catch (error: unknown) {
        if (error instanceof Bottleneck.BottleneckError && stopped) throw new LimiterStopped();
        throw error;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const chats = [...groups.values()].flatMap((group) => group.limiters());
      await Promise.all([
        global.stop({ dropWaitingJobs: true }),
        ...chats.map(({ limiter }) => limiter.stop({ dropWaitingJobs: true })),
      ]);
      await Promise.all(chats.map(({ limiter }) => limiter.disconnect()));
    },
  };
}

function chatOptions(rate: ChatRate): Bottleneck.ConstructorOptions {
  // A limiter idle this long has a full bucket again, so dropping it loses nothing.
  const timeout = rate.intervalMs * Math.max(rate.burst, 1) + 5000;
  if (rate.burst <= 1) return { maxConcurrent: 1, minTime: rate.intervalMs, timeout };
  return {
    maxConcurrent: 1,
    reservoir: rate.burst,
    reservoirIncreaseAmount: 1,
    reservoirIncreaseInterval: rate.intervalMs,
    reservoirIncreaseMaximum: rate.burst,
    // The bucket is refilled by a timer per chat limiter: every half interval is precise
    // enough and keeps thousands of idle-but-not-yet-dropped chats cheap.
    heartbeatInterval: Math.max(rate.intervalMs / 2, 50),
    timeout,
  };
}
