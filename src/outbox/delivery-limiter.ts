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

/** A chat's bucket and its queue: one send at a time, in the order they asked. */
interface ChatTurns {
  rate: ChatRate;
  tokens: number;
  refilledAt: number;
  busy: boolean;
  queue: Waiter[];
  timer: NodeJS.Timeout | undefined;
}

interface Waiter {
  go: () => void;
  refuse: (error: unknown) => void;
}

/**
 * The platform's limits. Across all chats, each send first takes a turn from a pacer
 * (`perSecond`, spaced evenly a little below it; bottleneck) and then runs with at most
 * `maxConcurrent` under way. A pacer plans only a few turns ahead and the next from the moment
 * it gave one, so a pause of the event loop (a large query, GC; the embedded database runs on
 * it) delays sends rather than letting a second's worth of planned ones fire together past the
 * limit. Per chat, a bucket of `burst` refilled one token every `intervalMs`, one send at a
 * time, before the global turn. The buckets and the concurrency are kept here, not in
 * bottleneck: its every job waits for a few timer ticks, taken one job at a time, which cost
 * each send milliseconds (and more while a query holds the event loop) even where no limit
 * applied. A send whose turn is free starts at once. Idle chats are dropped once their
 * bucket is full again. `holdFor` makes every send not yet under way wait, for a platform
 * whose 429 holds it all.
 *
 * @example
 * const limiter = createDeliveryLimiter(gateway.limits);
 * await limiter.schedule("501", () => gateway.sendPart("501", part));
 */
export function createDeliveryLimiter(
  limits: DeliveryLimits,
  options: { maxConcurrent?: number } = {},
): DeliveryLimiter {
  const maxConcurrent = Math.max(1, options.maxConcurrent ?? 32);
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
  let stopped = false;
  let heldUntil = 0;
  const holds = new Set<() => void>();
  const executing = new Set<Promise<unknown>>();
  let running = 0;
  const waitingToRun: Waiter[] = [];
  const chats = new Map<string, ChatTurns>();
  let sweepAt = 64;

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

  const refill = (chat: ChatTurns, now: number) => {
    const { intervalMs, burst } = chat.rate;
    const most = Math.max(burst, 1);
    chat.tokens =
      intervalMs > 0 ? Math.min(most, chat.tokens + (now - chat.refilledAt) / intervalMs) : most;
    chat.refilledAt = now;
  };

  /** Gives the chat's next waiter its turn when its bucket has a token, else when it will. */
  const nextInChat = (recipient: string, chat: ChatTurns) => {
    if (chat.busy || chat.timer) return;
    const now = performance.now();
    refill(chat, now);
    const next = chat.queue[0];
    if (!next) {
      // A full bucket is what a new entry starts with: dropping it loses nothing.
      if (chat.tokens >= Math.max(chat.rate.burst, 1)) chats.delete(recipient);
      return;
    }
    if (chat.tokens >= 1) {
      chat.queue.shift();
      chat.tokens -= 1;
      chat.busy = true;
      next.go();
      return;
    }
    const waitMs = Math.ceil((1 - chat.tokens) * chat.rate.intervalMs);
    chat.timer = setTimeout(() => {
      chat.timer = undefined;
      nextInChat(recipient, chat);
    }, waitMs);
  };

  /** Drops idle chats whose buckets have filled since, once the map has doubled. */
  const sweepIdleChats = () => {
    if (chats.size < sweepAt) return;
    for (const [recipient, chat] of chats) {
      if (!chat.busy && chat.queue.length === 0 && !chat.timer) nextInChat(recipient, chat);
    }
    sweepAt = Math.max(64, chats.size * 2);
  };

  const chatTurn = (recipient: string): Promise<ChatTurns> => {
    let chat = chats.get(recipient);
    if (!chat) {
      sweepIdleChats();
      const rate = limits.chatRate(recipient);
      chat = {
        rate,
        tokens: Math.max(rate.burst, 1),
        refilledAt: performance.now(),
        busy: false,
        queue: [],
        timer: undefined,
      };
      chats.set(recipient, chat);
    }
    const turns = chat;
    return new Promise<ChatTurns>((resolve, reject) => {
      turns.queue.push({ go: () => resolve(turns), refuse: reject });
      nextInChat(recipient, turns);
    });
  };

  const runTurn = (): Promise<void> => {
    if (running < maxConcurrent) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      waitingToRun.push({ go: resolve, refuse: reject });
    });
  };

  const endRun = () => {
    const next = waitingToRun.shift();
    if (next) next.go();
    else running -= 1;
  };

  const globalTurn = async <T>(send: () => Promise<T>): Promise<T> => {
    await runTurn();
    try {
      const pacer = pacers[nextPacer++ % pacerCount];
      if (pacer) await pacer.schedule(async () => {});
      await waitOutHold();
      if (stopped) throw new LimiterStopped();
      const sending = send();
      executing.add(sending);
      try {
        return await sending;
      } finally {
        executing.delete(sending);
      }
    } finally {
      endRun();
    }
  };

  return {
    async schedule<T>(recipient: string, send: () => Promise<T>): Promise<T> {
      if (stopped) throw new LimiterStopped();
      const chat = await chatTurn(recipient);
      try {
        if (stopped) throw new LimiterStopped();
        return await globalTurn(send);
      } catch (error: unknown) {
        if (error instanceof Bottleneck.BottleneckError && stopped) throw new LimiterStopped();
        throw error;
      } finally {
        chat.busy = false;
        nextInChat(recipient, chat);
      }
    },
    holdFor(ms: number) {
      heldUntil = Math.max(heldUntil, performance.now() + ms);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const done of [...holds]) done();
      for (const waiter of waitingToRun.splice(0)) waiter.refuse(new LimiterStopped());
      for (const chat of chats.values()) {
        clearTimeout(chat.timer);
        chat.timer = undefined;
        for (const waiter of chat.queue.splice(0)) waiter.refuse(new LimiterStopped());
      }
      await Promise.all(pacers.map((pacer) => pacer.stop({ dropWaitingJobs: true })));
      await Promise.allSettled([...executing]);
    },
  };
}
