/**
 * The platforms a member can be written to privately. A web identity (the try-out chat) is
 * marked unreachable while the try-out is off, so it is chosen only when its chat runs.
 */
export type MessagingPlatform = "telegram" | "slack" | "web";

/** What the choice looks at in a member's bound chat account. */
export interface IdentityCandidate {
  platform: MessagingPlatform;
  lastSeenAt: Date | null;
  /** Set when the platform refused to deliver to this account. */
  unreachableAt: Date | null;
}

// Equal last-seen times (often both never) fall to this order, so the choice never depends
// on the order the accounts were read in.
const PLATFORM_ORDER: Record<MessagingPlatform, number> = { telegram: 0, slack: 1, web: 2 };

/**
 * The one chat account a member is written to: the preferred platform's while it is
 * reachable, else the reachable one they wrote on last (never-seen ones after seen ones,
 * ties by platform: Telegram, Slack, web). Undefined when no account is reachable.
 *
 * @param options.preferred the campaign file's `prefer` for this member, if it says one
 * @example
 * chooseMemberIdentity({ identities: [telegram, slack], preferred: "telegram" }) // telegram
 */
export function chooseMemberIdentity<T extends IdentityCandidate>(options: {
  identities: readonly T[];
  preferred?: MessagingPlatform | null | undefined;
}): T | undefined {
  const reachable = options.identities.filter((identity) => identity.unreachableAt === null);
  const preferred = reachable.find((identity) => identity.platform === options.preferred);
  if (preferred) return preferred;
  return [...reachable].sort(byLastSeen)[0];
}

function byLastSeen(a: IdentityCandidate, b: IdentityCandidate): number {
  const seenA = a.lastSeenAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const seenB = b.lastSeenAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (seenA !== seenB) return seenB > seenA ? 1 : -1;
  return PLATFORM_ORDER[a.platform] - PLATFORM_ORDER[b.platform];
}
