/** A campaign's definition changed in the database (an import that wrote something). */
export interface CampaignChange {
  campaignKey: string;
}

/**
 * "Campaign changed", for whatever a running duban keeps of a campaign in memory: the import
 * calls `changed` after its transaction committed; a cache subscribes and forgets the campaign.
 *
 * ```ts
 * const changes = createCampaignChanges();
 * const unsubscribe = changes.subscribe(({ campaignKey }) => cache.forget(campaignKey));
 * changes.changed({ campaignKey: "ankang-eco-2022" });
 * ```
 */
export interface CampaignChanges {
  changed(change: CampaignChange): void;
  subscribe(listener: (change: CampaignChange) => void): () => void;
}

export function createCampaignChanges(): CampaignChanges {
  const listeners = new Set<(change: CampaignChange) => void>();
  return {
    changed(change) {
      for (const listener of [...listeners]) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
