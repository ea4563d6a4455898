import type { SchedulerClock } from "./start-scheduler.js";

/**
 * The bot's clock: the real one, or a simulated one that shows `start` at `realStart` (default:
 * now) and runs `minutesPerSecond` simulated minutes per real second (a week in minutes).
 */
export function createClock(
  simulated?: { start: Date; minutesPerSecond: number; realStart?: Date },
  realNow: () => number = Date.now,
): SchedulerClock {
  if (!simulated) return { now: () => new Date(realNow()) };
  const startedAt = simulated.realStart?.getTime() ?? realNow();
  const rate = simulated.minutesPerSecond * 60;
  return {
    now: () => new Date(simulated.start.getTime() + (realNow() - startedAt) * rate),
    minutesPerSecond: simulated.minutesPerSecond,
  };
}
