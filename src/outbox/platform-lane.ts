import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import type { ChatGateway } from "./chat-gateway.js";
import { type ClaimedMessage, claimDueMessages } from "./claim-due-messages.js";
import { type ClaimLease, deliverMessage } from "./deliver-message.js";
import { createDeliveryLimiter, type DeliveryLimiter } from "./delivery-limiter.js";
import type { DispatcherElection } from "./dispatcher-election.js";
import { releaseOrphanedClaims } from "./release-orphaned-claims.js";
import { renewClaims } from "./renew-claims.js";
import type { RetryPolicy } from "./retry-policy.js";

const START_CHUNK = 16;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How a lane paces itself; `createOutboxDispatcher` documents the defaults. */
export interface LaneSettings {
  leaseMs: number;
  batchSize: number;
  sweepMs: number;
  electionMs: number;
  takeoverPauseMs: number;
  maxConcurrentSends: number;
  retry: RetryPolicy;
}

/** One platform's dispatch: it sends only while this instance leads the platform. */
export interface PlatformLane {
  readonly leading: boolean;
  nudge(): void;
  drain(): Promise<void>;
  stop(): Promise<void>;
}

interface LeaseEntry {
  /** `performance.now()` by which the lease ends at the latest (measured from the request). */
  until: number;
  lost: boolean;
  claimedAt: Date;
  receivedAt: number;
  remaining: number;
}

/** A time of leading: its limiter, its claims, what it is sending. */
interface Term {
  limiter: DeliveryLimiter;
  abort: AbortController;
  leases: Map<string, LeaseEntry>;
  inFlight: Set<Promise<unknown>>;
  readyAt: number;
  timers: NodeJS.Timeout[];
}

/**
 * Sends one platform's outbox while this instance leads it: claims chat heads in batches
 * of up to `batchSize`, topping up when half have been sent; sends each through the limiter;
 * renews the leases of what it holds every quarter lease. A new leader of a shared database
 * waits `takeoverPauseMs` first, so the limits' window of a leader that just went has passed;
 * the rows it left `sending` are claimed again when their leases run out. The only process of
 * an embedded database gives such rows back at once: their sender is gone for sure.
 * Losing the lead stops the sends still waiting (their rows are released) and the renewals.
 */
export function createPlatformLane(options: {
  prisma: PrismaClient;
  gateway: ChatGateway;
  logger: Logger;
  election: DispatcherElection;
  settings: LaneSettings;
  now?: () => Date;
}): PlatformLane {
  const { prisma, gateway, logger, election, settings } = options;
  const role = `outbox:${gateway.platform}`;
  const log = logger.child({ platform: gateway.platform });
  let term: Term | undefined;
  let stopped = false;
  let pumping: Promise<void> | undefined;
  let again = false;
  let lastClaimed = 0;
  let electing: Promise<void> | undefined;

  const leaseOf = (token: string, entry: LeaseEntry): ClaimLease => ({
    token,
    canSend: () => !entry.lost && performance.now() < entry.until - settings.leaseMs / 2,
    databaseNow: () => new Date(entry.claimedAt.getTime() + (performance.now() - entry.receivedAt)),
  });

  const start = (t: Term, token: string, entry: LeaseEntry, message: ClaimedMessage) => {
    const delivery = deliverMessage({
      prisma,
      gateway,
      limiter: t.limiter,
      logger: log,
      message,
      lease: leaseOf(token, entry),
      retry: settings.retry,
      signal: t.abort.signal,
      ...(options.now ? { now: options.now } : {}),
    })
      .catch((error: unknown) => log.error({ err: error, outboxId: message.id }, "delivery lost"))
      .finally(() => {
        t.inFlight.delete(delivery);
        entry.remaining -= 1;
        if (entry.remaining === 0) t.leases.delete(token);
        if (t.inFlight.size <= settings.batchSize / 2) schedulePump();
      });
    t.inFlight.add(delivery);
  };

  const pump = async () => {
    const t = term;
    if (!t || stopped || performance.now() < t.readyAt) return;
    while (term === t && !stopped && !t.abort.signal.aborted) {
      const room = settings.batchSize - t.inFlight.size;
      if (room < settings.batchSize / 2) return; // topped up when half of it has gone
      const requestedAt = performance.now();
      const claim = await claimDueMessages(prisma, {
        platform: gateway.platform,
        leaseMs: settings.leaseMs,
        limit: room,
        ...(options.now ? { now: options.now() } : {}),
      });
      lastClaimed = claim.messages.length;
      if (!claim.lease) return;
      const entry: LeaseEntry = {
        until: requestedAt + settings.leaseMs,
        lost: false,
        claimedAt: claim.lease.claimedAt,
        receivedAt: performance.now(),
        remaining: claim.messages.length,
      };
      t.leases.set(claim.token, entry);
      for (const [index, message] of claim.messages.entries()) {
        start(t, claim.token, entry, message);
        // Starting hundreds at once would hold the event loop long enough for the limiter's
        // planned sends to bunch up; a few at a time lets them go out on time.
        if (index % START_CHUNK === START_CHUNK - 1) await yieldToEventLoop();
      }
      if (claim.messages.length < room) return; // nothing more is due now
    }
  };

  const schedulePump = () => {
    if (stopped) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      do {
        again = false;
        try {
          await pump();
        } catch (error: unknown) {
          log.error({ err: error }, "outbox dispatch failed");
        }
      } while (again && !stopped);
    })().finally(() => {
      pumping = undefined;
    });
  };

  const renew = async (t: Term) => {
    const tokens = [...t.leases.keys()];
    if (tokens.length === 0) return;
    const requestedAt = performance.now();
    try {
      const held = await renewClaims(prisma, { tokens, leaseMs: settings.leaseMs });
      for (const token of tokens) {
        const entry = t.leases.get(token);
        if (!entry) continue;
        if (held.has(token)) entry.until = requestedAt + settings.leaseMs;
        else entry.lost = true;
      }
    } catch (error: unknown) {
      log.warn({ err: error }, "outbox lease renewal failed");
    }
  };

  const beginTerm = async () => {
    if (!election.shared) {
      const released = await releaseOrphanedClaims(prisma, gateway.platform);
      if (released > 0)
        log.warn({ released }, "outbox: rows a stopped process was sending are due again");
    }
    const pause = election.shared ? settings.takeoverPauseMs : 0;
    const t: Term = {
      limiter: createDeliveryLimiter(gateway.limits, {
        maxConcurrent: settings.maxConcurrentSends,
      }),
      abort: new AbortController(),
      leases: new Map(),
      inFlight: new Set(),
      readyAt: performance.now() + pause,
      timers: [],
    };
    const renewal = setInterval(() => void renew(t), settings.leaseMs / 4);
    const sweep = setInterval(schedulePump, settings.sweepMs);
    t.timers.push(renewal, sweep);
    if (pause > 0) t.timers.push(setTimeout(schedulePump, pause));
    for (const timer of t.timers) timer.unref();
    term = t;
    log.info({ pauseMs: pause }, "outbox: leading this platform's deliveries");
    if (pause === 0) schedulePump();
  };

  const endTerm = async (reason: string) => {
    const t = term;
    if (!t) return;
    term = undefined;
    t.abort.abort();
    for (const timer of t.timers) clearTimeout(timer);
    if (reason !== "stop") log.warn({ reason }, "outbox: no longer leading; sends stopped");
    await t.limiter.stop();
    await Promise.allSettled([...t.inFlight]);
  };

  const tryLead = () => {
    if (term || stopped || electing) return electing;
    electing = election
      .tryLead(role)
      .then(async (leads) => {
        if (leads && !term && !stopped) await beginTerm();
      })
      .catch((error: unknown) => log.warn({ err: error }, "outbox election failed"))
      .finally(() => {
        electing = undefined;
      });
    return electing;
  };

  election.onLost((lost) => {
    if (lost === role) void endTerm("lost the lead");
  });
  election.onSignal((signalled) => {
    if (signalled === role) schedulePump();
  });
  const electionTimer = setInterval(() => void tryLead(), settings.electionMs);
  electionTimer.unref();
  void tryLead();

  return {
    get leading() {
      return term !== undefined;
    },
    nudge() {
      if (term) schedulePump();
      else if (!stopped) election.signal(role);
    },
    async drain() {
      await tryLead();
      for (;;) {
        const t = term;
        if (!t || stopped) return;
        const wait = t.readyAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        schedulePump();
        while (pumping) await pumping;
        if (t.inFlight.size === 0 && lastClaimed === 0) return;
        if (t.inFlight.size > 0) await Promise.race(t.inFlight);
      }
    },
    async stop() {
      stopped = true;
      clearInterval(electionTimer);
      await electing;
      while (pumping) await pumping;
      await endTerm("stop");
      await election.resign(role);
    },
  };
}
