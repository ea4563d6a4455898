import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import type { ChatGateway } from "./chat-gateway.js";
import { type ClaimedMessage, claimDueMessages } from "./claim-due-messages.js";
import { type ClaimLease, deliverMessage } from "./deliver-message.js";
import { createDeliveryLimiter, type DeliveryLimiter } from "./delivery-limiter.js";
import type { DispatcherElection } from "./dispatcher-election.js";
import { outboxRowsQueued, outboxRowsQueuedFor } from "./enqueue-replies.js";
import type { HandedRow, InsertClaim } from "./insert-outbox-rows.js";
import { recordDelivery } from "./record-delivery.js";
import { refreshOutboxStatistics } from "./refresh-outbox-statistics.js";
import { releaseOrphanedClaims } from "./release-orphaned-claims.js";
import { renewClaims } from "./renew-claims.js";
import type { RetryPolicy } from "./retry-policy.js";
import { createSentRecorder } from "./sent-recorder.js";

const CLAIM_CHUNK = 50;
/** How often the only process of an embedded database refreshes the planner's statistics. */
const ANALYZE_EVERY_MS = 10 * 60_000;
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
  /** A claim for rows about to be inserted (see `insertOutboxRowsSql`), while this instance
   * leads and has room; undefined otherwise (the rows are then claimed as usual). */
  takeClaim(): InsertClaim | undefined;
  /** The rows inserted under `claim`, once their transaction committed: sent in order at
   * once. Rows of a claim that is never handed back wait for its lease to run out. */
  adopt(claim: InsertClaim, rows: HandedRow[]): void;
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
  // Whether a claim may find something the last one did not: set by nudges, the sweep, a
  // send that left a row behind it in its chat or did not end sent, and a full claim; a send
  // that finishes claims again only then, or when this process queued rows since the last
  // claim. A claim that finds nothing costs a statement, and most sends would be followed by one.
  let mayFindMore = true;
  let queuedAtLastClaim = -1;
  // Nudges and signals so far. A row committed after a claim (its nudge comes after the
  // commit) whose chat this lane holds is not claimed by the claims its nudge causes: its
  // head is still being sent. So a send that finishes after a nudge since its claim claims
  // again, or that row would wait for the sweep.
  let nudges = 0;
  let electing: Promise<void> | undefined;
  const sentRecorder = createSentRecorder({
    prisma,
    outstanding: () => term?.inFlight.size ?? 0,
    ...(options.now ? { now: options.now } : {}),
  });

  const leaseOf = (token: string, entry: LeaseEntry): ClaimLease => ({
    token,
    canSend: () => !entry.lost && performance.now() < entry.until - settings.leaseMs / 2,
    databaseNow: () => new Date(entry.claimedAt.getTime() + (performance.now() - entry.receivedAt)),
  });

  const start = (
    t: Term,
    token: string,
    entry: LeaseEntry,
    message: ClaimedMessage,
    atClaim: { queued: number; nudges: number },
    /** The next rows under the same claim, once this row's state is known (handed rows):
     * they wait for its "sent", which is therefore written at once. */
    after?: (state: Awaited<ReturnType<typeof deliverMessage>> | undefined) => void,
  ) => {
    // Rows this process queued for the chat since the claim wait for this one to be marked
    // sent, as do those the claim saw behind it: that mark is written at once.
    const queuedSince = () =>
      outboxRowsQueuedFor(gateway.platform, message.recipient) > atClaim.queued;
    const delivery = deliverMessage({
      prisma,
      gateway,
      limiter: t.limiter,
      logger: log,
      message,
      lease: leaseOf(token, entry),
      retry: settings.retry,
      signal: t.abort.signal,
      sentRecorder,
      awaited: () => after !== undefined || message.queuedBehind || queuedSince(),
      ...(options.now ? { now: options.now } : {}),
    })
      .then((state) => {
        if (state !== "sent" || message.queuedBehind || nudges !== atClaim.nudges || queuedSince())
          mayFindMore = true;
        after?.(state);
      })
      .catch((error: unknown) => {
        mayFindMore = true;
        log.error({ err: error, outboxId: message.id }, "delivery lost");
        after?.(undefined);
      })
      .finally(() => {
        t.inFlight.delete(delivery);
        entry.remaining -= 1;
        if (entry.remaining === 0) t.leases.delete(token);
        if (t.inFlight.size <= settings.batchSize / 2) schedulePump(false);
      });
    t.inFlight.add(delivery);
  };

  /** What `takeClaim` knew when it gave out a claim, for `adopt`. */
  const handoffs = new WeakMap<
    InsertClaim,
    { term: Term; requestedAt: number; claimedAt: Date; queued: number; nudges: number }
  >();

  /** Gives back handed rows that will not be sent under their claim: due again at once. */
  const releaseHanded = (t: Term | undefined, token: string, rows: HandedRow[]) => {
    if (rows.length === 0) return;
    const released = Promise.all(
      rows.map((row) =>
        recordDelivery(prisma, {
          platform: gateway.platform,
          message: row,
          token,
          ...(options.now ? { now: options.now() } : {}),
          record: { kind: "released", partsSent: 0, messageIds: [] },
        }),
      ),
    )
      .catch((error: unknown) =>
        log.warn({ err: error }, "outbox: handed rows not given back (due when the lease ends)"),
      )
      .finally(() => {
        t?.inFlight.delete(released);
        mayFindMore = true;
        schedulePump();
      });
    t?.inFlight.add(released);
  };

  /** Sends rows handed over under one claim, one after the other: the next only once the
   * previous was sent, so a failure holds the rest back as a claim of the chat's head would. */
  const sendHanded = (
    t: Term,
    token: string,
    entry: LeaseEntry,
    rows: HandedRow[],
    atClaim: { queued: number; nudges: number },
  ) => {
    const [row, ...rest] = rows;
    if (!row) return;
    const message: ClaimedMessage = {
      ...row,
      attempts: 1,
      partsSent: 0,
      platformMessageIds: [],
      queuedBehind: false,
    };
    if (rest.length === 0) {
      start(t, token, entry, message, atClaim);
      return;
    }
    start(t, token, entry, message, atClaim, (state) => {
      if (state === "sent" && term === t && !t.abort.signal.aborted) {
        sendHanded(t, token, entry, rest, atClaim);
        return;
      }
      entry.remaining -= rest.length;
      if (entry.remaining === 0) t.leases.delete(token);
      releaseHanded(t, token, rest);
    });
  };

  const takeClaim = (): InsertClaim | undefined => {
    const t = term;
    if (!t || stopped || t.abort.signal.aborted || performance.now() < t.readyAt) return undefined;
    // Rows in hand are capped by the batch, as a claim's are.
    if (t.inFlight.size >= settings.batchSize) return undefined;
    const botNow = options.now?.();
    const claim: InsertClaim = { token: randomUUID(), leaseMs: settings.leaseMs, botNow };
    handoffs.set(claim, {
      term: t,
      requestedAt: performance.now(),
      claimedAt: botNow ?? new Date(),
      queued: outboxRowsQueued(),
      nudges,
    });
    return claim;
  };

  const adopt = (claim: InsertClaim, rows: HandedRow[]) => {
    const handoff = handoffs.get(claim);
    handoffs.delete(claim);
    if (!handoff || rows.length === 0) return;
    const t = handoff.term;
    if (term !== t || stopped || t.abort.signal.aborted) {
      releaseHanded(term, claim.token, rows);
      return;
    }
    const entry: LeaseEntry = {
      until: handoff.requestedAt + settings.leaseMs,
      lost: false,
      claimedAt: handoff.claimedAt,
      receivedAt: handoff.requestedAt,
      remaining: rows.length,
    };
    t.leases.set(claim.token, entry);
    sendHanded(t, claim.token, entry, rows, { queued: handoff.queued, nudges: handoff.nudges });
  };

  const pump = async () => {
    const t = term;
    if (!t || stopped || performance.now() < t.readyAt) return;
    // Topped up once half the batch has gone, a claim of a few rows at a time: the embedded
    // database runs on the event loop, and one long statement would hold the limiter's sends.
    let wanted = settings.batchSize - t.inFlight.size;
    if (wanted < settings.batchSize / 2) return;
    if (!mayFindMore && queuedAtLastClaim === outboxRowsQueued()) return;
    while (wanted > 0 && term === t && !stopped && !t.abort.signal.aborted) {
      const limit = Math.min(wanted, CLAIM_CHUNK);
      const requestedAt = performance.now();
      // Anything from here on (a nudge, a send done, a row queued) may need another claim.
      mayFindMore = false;
      queuedAtLastClaim = outboxRowsQueued();
      const atClaim = { queued: queuedAtLastClaim, nudges };
      const claim = await claimDueMessages(prisma, {
        platform: gateway.platform,
        leaseMs: settings.leaseMs,
        limit,
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
      for (const message of claim.messages) start(t, claim.token, entry, message, atClaim);
      wanted -= claim.messages.length;
      if (claim.messages.length < limit) return; // nothing more is due now
      mayFindMore = true; // stopped by the batch, not by what is due
      await yieldToEventLoop();
    }
  };

  /** `fresh`: something may be due that the last claim did not see (a nudge, the sweep). */
  const schedulePump = (fresh = true) => {
    if (stopped) return;
    if (fresh) mayFindMore = true;
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
          mayFindMore = true;
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

  const analyze = () =>
    refreshOutboxStatistics(prisma).catch((error: unknown) =>
      log.warn({ err: error }, "outbox statistics not refreshed"),
    );

  const beginTerm = async () => {
    if (!election.shared) {
      const released = await releaseOrphanedClaims(prisma, gateway.platform);
      if (released > 0)
        log.warn({ released }, "outbox: rows a stopped process was sending are due again");
      await analyze();
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
    const sweep = setInterval(() => schedulePump(), settings.sweepMs);
    t.timers.push(renewal, sweep);
    if (!election.shared) t.timers.push(setInterval(() => void analyze(), ANALYZE_EVERY_MS));
    if (pause > 0) t.timers.push(setTimeout(() => schedulePump(), pause));
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
    await sentRecorder.flush();
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
    if (signalled !== role) return;
    nudges += 1;
    schedulePump();
  });
  const electionTimer = setInterval(() => void tryLead(), settings.electionMs);
  electionTimer.unref();
  void tryLead();

  return {
    get leading() {
      return term !== undefined;
    },
    takeClaim,
    adopt,
    nudge() {
      nudges += 1;
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
