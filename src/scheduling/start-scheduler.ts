import cron, { type RunCoordinator } from "node-cron";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { Logger } from "../logger.js";
import { refreshStaleDigests } from "../publications/refresh-stale-digests.js";
import { type LoadedCampaign, loadJobCampaigns } from "./load-job-campaigns.js";
import { runDueJobs, type TickSummary } from "./run-due-jobs.js";
import { createTickCoordinator } from "./tick-coordinator.js";

const TICK_NAME = "duban-tick";
/** Shorter than the real tick's minute, so a real scheduler always reads what was imported. */
const CAMPAIGN_CACHE_MS = 5_000;
const MINUTE_MS = 60_000;

/** The running scheduler. */
export interface Scheduler {
  stop(): Promise<void>;
}

/** The scheduler's clock: the real one, or a simulated one that runs faster (tests). */
export interface SchedulerClock {
  now(): Date;
  /** Simulated clocks only: how many simulated minutes pass per real second. */
  minutesPerSecond?: number;
}

/** The slot time in a tick key (`duban-tick:<ISO>`). */
function slotOf(key: string): Date | undefined {
  const iso = key.slice(key.indexOf(":") + 1);
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The slot of the latest tick before `slot` that any instance ran. */
async function previousSlot(prisma: PrismaClient, slot: Date): Promise<Date | undefined> {
  const rows = await prisma.schedulerTick.findMany({
    where: { key: { startsWith: `${TICK_NAME}:`, lt: `${TICK_NAME}:${slot.toISOString()}` } },
    orderBy: { key: "desc" },
    take: 1,
  });
  return rows[0] ? slotOf(rows[0].key) : undefined;
}

/**
 * Runs the scheduler: a tick every minute (node-cron 4, distributed, with the run coordinator
 * in PostgreSQL, so one instance of several runs each minute), each firing what is due. With a
 * simulated clock the ticks follow it instead, one per simulated minute.
 */
export function startScheduler(options: {
  prisma: PrismaClient;
  logger: Logger;
  instanceId: string;
  clock?: SchedulerClock;
  onTick?: (summary: TickSummary) => void;
}): Scheduler {
  const { prisma, logger, instanceId } = options;
  const coordinator = createTickCoordinator({ prisma, instanceId });
  const warned = new Set<string>();
  // Reading the campaigns is a dozen queries; ticks a minute apart read them afresh, while a
  // simulated clock's ticks, many a second, share one reading for a few seconds.
  let cached: { at: number; campaigns: Promise<LoadedCampaign[]> } | undefined;
  const campaigns = () => {
    if (!cached || Date.now() - cached.at > CAMPAIGN_CACHE_MS) {
      cached = { at: Date.now(), campaigns: loadJobCampaigns(prisma) };
    }
    return cached.campaigns;
  };
  const tick = async (slot: Date) => {
    const since = await previousSlot(prisma, slot);
    const summary = await runDueJobs({
      prisma,
      now: slot,
      instanceId,
      logger,
      campaigns,
      ...(since ? { since } : {}),
    });
    // Digests posted before a late report or a correction are edited in place.
    await refreshStaleDigests(prisma, { now: slot, logger });
    for (const warning of summary.warnings) {
      const key = `${warning.campaign}:${warning.year}`;
      if (warned.has(key)) continue;
      warned.add(key);
      logger.warn(
        warning,
        "no holiday data for this year: only weekends count as days off; add the year's days to the campaign file's holidays",
      );
    }
    options.onTick?.(summary);
  };
  const clock = options.clock;
  if (clock?.minutesPerSecond) return simulatedTicks({ clock, coordinator, tick, logger });
  const task = cron.schedule("* * * * *", (context) => tick(minuteOf(context.date)), {
    name: TICK_NAME,
    distributed: true,
    runCoordinator: coordinator,
    noOverlap: true,
  });
  return {
    async stop() {
      await task.stop();
    },
  };
}

function minuteOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS);
}

/**
 * Ticks on a simulated clock, coordinated like node-cron's runs. Each tick plans from the one
 * before, so when ticking lags behind a fast clock it ticks the current minute only: the
 * minutes between are covered by that tick's plan (every run in them fires, a little late).
 */
function simulatedTicks(options: {
  clock: SchedulerClock;
  coordinator: RunCoordinator;
  tick: (slot: Date) => Promise<void>;
  logger: Logger;
}): Scheduler {
  const { clock, coordinator, tick, logger } = options;
  let last = 0;
  let running: Promise<void> | undefined;
  let stopped = false;
  const step = async () => {
    const slot = minuteOf(clock.now()).getTime();
    if (slot <= last || stopped) return;
    last = slot;
    const key = `${TICK_NAME}:${new Date(slot).toISOString()}`;
    try {
      if (await coordinator.shouldRun(key, MINUTE_MS)) {
        await tick(new Date(slot));
        await coordinator.onComplete?.(key);
      }
    } catch (error: unknown) {
      logger.error({ err: error, slot: new Date(slot).toISOString() }, "scheduler tick failed");
    }
  };
  const timer = setInterval(
    () => {
      running ??= step().finally(() => {
        running = undefined;
      });
    },
    Math.max(10, Math.round(1000 / (clock.minutesPerSecond ?? 1))),
  );
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
