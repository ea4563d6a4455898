import Bottleneck from "bottleneck";
import type { ChatRate, DeliveryLimits } from "./chat-gateway.js";

/**
 * How far below the global limit sends are paced: the network and the platform's own clock
 * add jitter, so the platform may count one more in a second than were paced.
 */
const PACING_MARGIN = 0.03;

/**
 * Bottleneck registers a limiter's jobs one at a time, each behind a timer tick, which caps
 * one pacer well below 300 a second on a busy event loop. A faster global rate is shared by
 * pacers of at most this rate each, taken in turn. Each may plan a few turns ahead, as many
 * as the margin leaves room for (none at Telegram's 30 a second): after a pause those go out
 * together, which wins back part of the pause without passing the limit.
 */
const PACER_RATE = 100;

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
  /** Holds every send not yet started for `ms` (a platform-wide Retry-After). */
  holdFor(ms: number): void;
  /** Refuses what is still waiting (`LimiterStopped`) and waits for the sends under way. */
  stop(): Promise<void>;
}

/**
 * The platform's limits enforced with bottleneck. Across all chats, each send first takes a
 * turn from a pacer (`perSecond`, spaced evenly a little below it) and then runs with at most
 * `maxConcurrent` under way. A pacer plans only a few turns ahead and the next from the moment
 * it gave one, so a pause of the event loop (a large query, GC; the embedded database runs on
 * it) delays sends rather than letting a second's worth of planned ones fire together past the
 * limit. Per chat, a bucket of `burst` refilled every `intervalMs`, one send at a time,
 * before the global turn. Limiters of idle chats are dropped once their bucket is full again.
 * `holdFor` makes every send not yet under way wait, for a platform whose 429 holds it all.
 *
 * @example
 * const limiter = createDeliveryLimiter(gateway.limits);
 * await limiter.schedule("501", () => gateway.sendPart("501", part));
 */
export function createDeliveryLimiter(
  limits: DeliveryLimits,
  options: { maxConcurrent?: number } = {},
): DeliveryLimiter {
  const running = new Bottleneck({ maxConcurrent: options.maxConcurrent ?? 32 });
  const pacerCount = Math.max(1, Math.ceil((limits.perSecond ?? 0) / PACER_RATE));
  const pacers = limits.perSecond
    ? Array.from(
        { length: pacerCount },
        () =>
          new Bottleneck({
            // The turns the margin leaves room for, shared by the pacers.
            maxConcurrent: Math.max(
              1,
              Math.floor(Math.round((limits.perSecond ?? 0) * PACING_MARGIN) / pacerCount),
            ),
            minTime: (1000 * pacerCount) / (limits.perSecond ?? 1) / (1 - PACING_MARGIN),
          }),
      )
    : [];
  let nextPacer = 0;
  const groups = new Map<string, Bottleneck.Group>();
  let stopped = false;
  let heldUntil = 0;
  const holds = new Set<() => void>();

  /** Waits out a hold, which may be extended while waiting; a stop ends the wait. */
  const waitOutHold = async () => {
    for (let left = heldUntil - performance.now(); left > 0 && !stopped; ) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          holds.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        holds.add(done);
      });
      left = heldUntil - performance.now();
    }
  };

  const globalTurn = <T>(send: () => Promise<T>): Promise<T> =>
    running.schedule(async () => {
      const pacer = pacers[nextPacer++ % pacerCount];
      if (pacer) await pacer.schedule(async () => {});
      await waitOutHold();
      if (stopped) throw new LimiterStopped();
      return send();
    });

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
          return globalTurn(send);
        });
      } catch (error: unknown) {
        if (error instanceof Bottleneck.BottleneckError && stopped) throw new LimiterStopped();
        throw error;
      }
    },
    holdFor(ms: number) {
      heldUntil = Math.max(heldUntil, performance.now() + ms);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const done of [...holds]) done();
      const chats = [...groups.values()].flatMap((group) => group.limiters());
      const drop = { dropWaitingJobs: true };
      await Promise.all([
        ...pacers.map((pacer) => pacer.stop(drop)),
        running.stop(drop),
        ...chats.map(({ limiter }) => limiter.stop(drop)),
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
