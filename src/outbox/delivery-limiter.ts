import Bottleneck from "bottleneck";
import { TokenBucket } from "limiter";
import pLimit, { type LimitFunction } from "p-limit";
import type { DeliveryLimits } from "./chat-gateway.js";

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

/** A chat's turns: one send at a time, in the order they asked, each taking a token. */
interface ChatTurns {
  serial: LimitFunction;
  /** Undefined for a chat without an interval: no bucket to wait for. */
  bucket: TokenBucket | undefined;
}

/**
 * The platform's limits. Per chat, a token bucket (limiter) of `burst` refilled one token
 * every `intervalMs`, one send at a time in order (p-limit of 1). Across all chats, at most
 * `maxConcurrent` sends under way (p-limit), each taking a turn from a pacer first
 * (`perSecond`, spaced evenly a little below it; bottleneck). A pacer plans only a few turns
 * ahead and the next from the moment it gave one, so a pause of the event loop (a large query,
 * GC; the embedded database runs on it) delays sends rather than letting a second's worth of
 * planned ones fire together past the limit. The buckets and the concurrency are not left to
 * bottleneck: its every job waits a few timer ticks, registered one job at a time, which cost
 * each send milliseconds (more while a query holds the event loop) even where no limit
 * applied; p-limit and a bucket with a token start a send at once. Idle chats are dropped once
 * their bucket is full again. `holdFor` makes every send not yet under way wait, for a
 * platform whose 429 holds it all.
 *
 * @example
 * const limiter = createDeliveryLimiter(gateway.limits);
 * await limiter.schedule("501", () => gateway.sendPart("501", part));
 */
export function createDeliveryLimiter(
  limits: DeliveryLimits,
  options: { maxConcurrent?: number } = {},
): DeliveryLimiter {
  const running = pLimit(Math.max(1, options.maxConcurrent ?? 32));
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
  /** Waits cut short by a stop. */
  const waits = new Set<() => void>();
  const executing = new Set<Promise<unknown>>();
  const chats = new Map<string, ChatTurns>();
  let sweepAt = 64;

  /** Sleeps `ms`, or less when the limiter stops meanwhile. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
    });

  /** Waits out a hold, which may be extended while waiting; a stop ends the wait. */
  const waitOutHold = async () => {
    for (let left = heldUntil - performance.now(); left > 0 && !stopped; ) {
      await sleep(left);
      left = heldUntil - performance.now();
    }
  };

  /** Takes a token from the chat's bucket, waiting for one as long as the bucket says. */
  const takeToken = async (bucket: TokenBucket) => {
    while (!bucket.tryRemoveTokens(1)) {
      await sleep(Math.max(1, bucket.getWaitTime(1)));
      if (stopped) throw new LimiterStopped();
    }
  };

  const idle = (chat: ChatTurns) => {
    if (chat.serial.activeCount > 0 || chat.serial.pendingCount > 0) return false;
    if (!chat.bucket) return true;
    chat.bucket.drip();
    // A full bucket is what a new entry starts with: dropping it loses nothing.
    return chat.bucket.content >= chat.bucket.bucketSize;
  };

  /** Drops idle chats whose buckets have filled since, once the map has doubled. */
  const sweepIdleChats = () => {
    if (chats.size < sweepAt) return;
    for (const [recipient, chat] of chats) if (idle(chat)) chats.delete(recipient);
    sweepAt = Math.max(64, chats.size * 2);
  };

  const chatTurns = (recipient: string): ChatTurns => {
    const known = chats.get(recipient);
    if (known) return known;
    sweepIdleChats();
    const { intervalMs, burst } = limits.chatRate(recipient);
    let bucket: TokenBucket | undefined;
    if (intervalMs > 0) {
      const size = Math.max(burst, 1);
      bucket = new TokenBucket({ bucketSize: size, tokensPerInterval: 1, interval: intervalMs });
      bucket.content = size; // a chat not written to lately may burst at once
    }
    const chat: ChatTurns = { serial: pLimit(1), bucket };
    chats.set(recipient, chat);
    return chat;
  };

  const globalTurn = <T>(send: () => Promise<T>): Promise<T> =>
    running(async () => {
      if (stopped) throw new LimiterStopped();
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
    });

  return {
    async schedule<T>(recipient: string, send: () => Promise<T>): Promise<T> {
      if (stopped) throw new LimiterStopped();
      const chat = chatTurns(recipient);
      try {
        // Sends still queued when the limiter stops run in turn and are refused at once.
        return await chat.serial(async () => {
          if (stopped) throw new LimiterStopped();
          if (chat.bucket) await takeToken(chat.bucket);
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
      for (const done of [...waits]) done();
      await Promise.all(pacers.map((pacer) => pacer.stop({ dropWaitingJobs: true })));
      await Promise.allSettled([...executing]);
    },
  };
}
