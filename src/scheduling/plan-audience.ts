import type { CampaignFile, CampaignMember } from "../campaigns/campaign-file-schema.js";
import { parseQuietHours } from "../campaigns/quiet-hours.js";
import { zonedParts } from "../domain/periods.js";
import { deliveryTime } from "./delivery-time.js";
import type { AudienceMember } from "./due-job.js";

/** The members of a campaign by key, with the zone and quiet hours each one's messages follow. */
export interface CampaignPeople {
  /** Member keys in the order of the campaign file. */
  order: ReadonlyMap<string, number>;
  member(key: string): CampaignMember | undefined;
  /** The member's own zone, or the campaign's. */
  zoneOf(key: string): string;
  /** Owners of any task, in file order: who is prompted and reminded. */
  owners: readonly string[];
}

/** Indexes a campaign's members for planning. */
export function campaignPeople(campaign: CampaignFile): CampaignPeople {
  const byKey = new Map(campaign.members.map((member) => [member.key, member]));
  const order = new Map(campaign.members.map((member, index) => [member.key, index]));
  const owned = new Set(campaign.tasks.flatMap((task) => task.owners));
  return {
    order,
    member: (key) => byKey.get(key),
    zoneOf: (key) => byKey.get(key)?.timeZone ?? campaign.campaign.timeZone,
    owners: campaign.members.filter((member) => owned.has(member.key)).map((member) => member.key),
  };
}

/**
 * Who of `members` a run at `at` reaches, in file order, each once: members on leave that day
 * (`exemptUntil` on or after the date of `at` in their zone) are left out, and a delivery in a
 * member's quiet hours (their own, else the campaign's) waits until those end.
 */
export function planAudience(options: {
  campaign: CampaignFile;
  people: CampaignPeople;
  members: Iterable<string>;
  at: Date;
}): AudienceMember[] {
  const { campaign, people, at } = options;
  const keys = [...new Set(options.members)].sort(
    (a, b) => (people.order.get(a) ?? 0) - (people.order.get(b) ?? 0),
  );
  const audience: AudienceMember[] = [];
  for (const key of keys) {
    const member = people.member(key);
    if (!member) continue;
    const timeZone = people.zoneOf(key);
    if (member.exemptUntil !== undefined && member.exemptUntil >= zonedParts(at, timeZone).date) {
      continue;
    }
    const quiet = parseQuietHours(member.quietHours ?? campaign.schedule.quietHours);
    audience.push({ member: key, deliverAt: deliveryTime(at, quiet, timeZone) });
  }
  return audience;
}
