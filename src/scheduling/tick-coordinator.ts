import type { RunCoordinator } from "node-cron";
import type { PrismaClient } from "../generated/prisma/client.js";

/**
 * node-cron's run coordinator for distributed tasks, kept in PostgreSQL: the first instance to
 * insert a slot's key runs it; every other instance sees the key taken and skips. A crashed
 * run is not retried here: the next minute's tick plans the same jobs again, and their
 * job-run leases decide what still has to run.
 *
 * @example cron.schedule("* * * * *", tick, { distributed: true, runCoordinator: createTickCoordinator({ prisma, instanceId }) })
 */
export function createTickCoordinator(options: {
  prisma: PrismaClient;
  instanceId: string;
}): RunCoordinator {
  const { prisma, instanceId } = options;
  return {
    async shouldRun(key) {
      const claimed = await prisma.schedulerTick.createMany({
        data: [{ key, claimedBy: instanceId }],
        skipDuplicates: true,
      });
      return claimed.count === 1;
    },
    async onComplete(key) {
      await prisma.schedulerTick.updateMany({
        where: { key, claimedBy: instanceId },
        data: { finishedAt: new Date() },
      });
    },
  };
}

/** When the scheduler last ticked (any instance), to know how far back to catch up. */
export async function lastTickAt(prisma: PrismaClient): Promise<Date | undefined> {
  const latest = await prisma.schedulerTick.findFirst({ orderBy: { claimedAt: "desc" } });
  return latest?.claimedAt;
}
