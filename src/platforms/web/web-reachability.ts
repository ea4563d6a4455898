import type { PrismaClient } from "../../generated/prisma/client.js";

/** Marks the web identities that the try-out being off made unreachable. */
export const TRYOUT_OFF_REASON = "try-out chat off";

/**
 * Whether the scheduler may write to web identities: while the try-out chat is off nobody
 * reads it, so they are marked unreachable (and the member is written to on another platform);
 * when it is on again, that mark is lifted. Other reasons are left alone.
 */
export async function setWebReachability(prisma: PrismaClient, on: boolean): Promise<void> {
  if (on) {
    await prisma.chatIdentity.updateMany({
      where: { platform: "web", unreachableReason: TRYOUT_OFF_REASON },
      data: { unreachableAt: null, unreachableReason: null },
    });
  } else {
    await prisma.chatIdentity.updateMany({
      where: { platform: "web", unreachableAt: null },
      data: { unreachableAt: new Date(), unreachableReason: TRYOUT_OFF_REASON },
    });
  }
}
