import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import type { ChatGateway, OutboxPlatform } from "./chat-gateway.js";
import { type DispatcherElection, singleProcessElection } from "./dispatcher-election.js";
import type { HandedRow, InsertClaim } from "./insert-outbox-rows.js";
import { createPlatformLane, type LaneSettings } from "./platform-lane.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./retry-policy.js";

/**
 * Rows handed to the sender with their insert instead of claimed: a writer takes a claim
 * before it inserts a chat's replies (see `insertOutboxRowsSql`) and hands over what it
 * inserted under it once its transaction committed. Undefined claims: this instance does not
 * send that platform now; the rows are claimed as usual.
 */
export interface ClaimHandoff {
  takeClaim(platform: OutboxPlatform): InsertClaim | undefined;
  adopt(platform: OutboxPlatform, claim: InsertClaim, rows: HandedRow[]): void;
}

export interface OutboxDispatcher extends ClaimHandoff {
  /** Sends what is due now (soon after a change queued messages). On an instance that does
   * not lead a platform, the leader is signalled instead. */
  nudge(): void;
  /** Sends until nothing is due; resolves when done (tests and shutdown). */
  drain(): Promise<void>;
  /** Whether this instance sends `platform`'s messages now. */
  isLeading(platform: OutboxPlatform): boolean;
  /** Stops sending (what waits for its turn is given back), waits for the sends under way,
   * and gives up the lead. */
  stop(): Promise<void>;
}

export interface OutboxDispatcherOptions {
  prisma: PrismaClient;
  gateways: ChatGateway[];
  logger: Logger;
  /** Which instance sends each platform's messages; default: this one (embedded database). */
  election?: DispatcherElection;
  /** The bot's clock for what is due and what has expired (a simulated one in trials);
   * default the database's. Leases are always on the database's clock. */
  now?: () => Date;
  /** A claim's lease (default 60 s), renewed every quarter of it while sending; a part is
   * started only while half of it is left, so it must exceed twice the gateway's longest
   * call, retries included (Telegram's gateway gives up on a call after 25 s). */
  leaseMs?: number;
  /** Messages in hand at once per platform (default two seconds' worth of the platform's
   * rate, at least 10; 50 without a global limit). */
  batchSize?: number;
  /** How often to look for due messages besides nudges (default 1 s). */
  sweepMs?: number;
  /** How often a standby tries to take the lead (default 2 s). */
  electionMs?: number;
  /** How long a new leader of a shared database waits before sending (default 3 s: the
   * longest per-chat interval of Telegram's limits, 20 a minute in groups). */
  takeoverPauseMs?: number;
  /** Sends under way at once per platform (default 32). */
  maxConcurrentSends?: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * Delivers outbox rows through the platform gateways: for each platform the leader (see
 * `DispatcherElection`) claims the head of every chat's queue, sends it part by part within
 * the platform's rate limits, and records each step fenced by its claim (see
 * `claimDueMessages`, `recordDelivery`). Retryable failures back off exponentially up to
 * 5 minutes or wait `retry_after`, until 24 hours after the first attempt or the row's
 * `expiresAt`; permanent failures are dead letters at once; a person who blocked the bot is
 * marked unreachable (see `recordDelivery`).
 *
 * @example
 * const dispatcher = createOutboxDispatcher({ prisma, gateways: [telegramGateway], logger });
 * dispatcher.nudge();
 */
export function createOutboxDispatcher(options: OutboxDispatcherOptions): OutboxDispatcher {
  const election = options.election ?? singleProcessElection();
  const lanes = new Map(
    options.gateways.map((gateway) => {
      const settings: LaneSettings = {
        leaseMs: options.leaseMs ?? 60_000,
        batchSize: options.batchSize ?? defaultBatchSize(gateway),
        sweepMs: options.sweepMs ?? 1000,
        electionMs: options.electionMs ?? 2000,
        takeoverPauseMs: options.takeoverPauseMs ?? 3000,
        maxConcurrentSends: options.maxConcurrentSends ?? 32,
        retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      };
      const lane = createPlatformLane({
        prisma: options.prisma,
        gateway,
        logger: options.logger,
        election,
        settings,
        ...(options.now ? { now: options.now } : {}),
      });
      return [gateway.platform, lane] as const;
    }),
  );
  return {
    nudge() {
      for (const lane of lanes.values()) lane.nudge();
    },
    async drain() {
      await Promise.all([...lanes.values()].map((lane) => lane.drain()));
    },
    isLeading: (platform) => lanes.get(platform)?.leading ?? false,
    takeClaim: (platform) => lanes.get(platform)?.takeClaim(),
    adopt: (platform, claim, rows) => lanes.get(platform)?.adopt(claim, rows),
    async stop() {
      await Promise.all([...lanes.values()].map((lane) => lane.stop()));
      if (!options.election) await election.close();
    },
  };
}

function defaultBatchSize(gateway: ChatGateway): number {
  const perSecond = gateway.limits.perSecond;
  return perSecond ? Math.max(10, Math.ceil(perSecond * 2)) : 50;
}
