import { findCampaign } from "../campaigns/find-campaign.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { type CliContext, CliExit } from "./cli-context.js";

/**
 * The campaign a command names (by `--campaign`, or an argument), or the only active one when
 * it is left out (most deployments run one campaign at a time). Otherwise a message naming the
 * campaigns there are, and exit `exitCode` (2 unless said). `ambiguous` is the message key for
 * several campaigns and none named.
 */
export async function campaignFromFlag(
  context: CliContext,
  prisma: PrismaClient,
  key: string | undefined,
  options: { exitCode?: number; ambiguous?: "ambiguous" | "ambiguousFlag" } = {},
): Promise<{ id: string; key: string }> {
  const found = await findCampaign(prisma, key);
  if (found.ok) return { id: found.id, key: found.key };
  const keys = found.keys.join(", ") || "—";
  const reason =
    found.reason === "ambiguous" ? (options.ambiguous ?? "ambiguousFlag") : found.reason;
  context.err(context.translate(`cli.campaign.find.${reason}`, { campaign: key ?? "", keys }));
  throw new CliExit(options.exitCode ?? 2);
}
