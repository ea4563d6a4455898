import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  chooseMemberIdentity,
  type IdentityCandidate,
  type MessagingPlatform,
} from "../../src/domain/choose-member-identity.js";

const MONDAY = new Date("2027-03-01T09:00:00Z");
const TUESDAY = new Date("2027-03-02T09:00:00Z");

function identity(
  platform: MessagingPlatform,
  seen: Date | null,
  unreachableAt: Date | null = null,
): IdentityCandidate & { id: string } {
  return { id: platform, platform, lastSeenAt: seen, unreachableAt };
}

const choose = (identities: IdentityCandidate[], preferred?: MessagingPlatform) =>
  chooseMemberIdentity({ identities, preferred })?.platform;

describe("chooseMemberIdentity", () => {
  it("writes to the try-out chat (web) the member used last, unless it is off (unreachable)", () => {
    const tryout = [identity("slack", null), identity("web", TUESDAY)];
    expect(choose(tryout)).toBe("web");
    expect(choose([identity("slack", null), identity("web", TUESDAY, TUESDAY)])).toBe("slack");
    expect(choose([identity("web", null), identity("slack", null)])).toBe("slack");
  });

  it("takes the preferred platform even when the member wrote on the other one last", () => {
    const both = [identity("telegram", MONDAY), identity("slack", TUESDAY)];
    expect(choose(both, "telegram")).toBe("telegram");
    expect(choose([identity("telegram", TUESDAY), identity("slack", null)], "slack")).toBe("slack");
  });

  it("falls back to the other account when the preferred one was refused", () => {
    const both = [identity("telegram", TUESDAY, TUESDAY), identity("slack", MONDAY)];
    expect(choose(both, "telegram")).toBe("slack");
  });

  it("takes the account used last when there is no preference", () => {
    expect(choose([identity("telegram", MONDAY), identity("slack", TUESDAY)])).toBe("slack");
    expect(choose([identity("slack", MONDAY), identity("telegram", TUESDAY)])).toBe("telegram");
    // Bound from the file and never used counts as older than any use.
    expect(choose([identity("telegram", null), identity("slack", MONDAY)])).toBe("slack");
  });

  it("takes the account used last when the preferred platform is not bound", () => {
    expect(choose([identity("telegram", MONDAY)], "slack")).toBe("telegram");
  });

  it("breaks ties by platform, Telegram first, whatever order the accounts come in", () => {
    expect(choose([identity("slack", null), identity("telegram", null)])).toBe("telegram");
    expect(choose([identity("slack", MONDAY), identity("telegram", MONDAY)])).toBe("telegram");
  });

  it("finds nobody when every account was refused, or none is bound", () => {
    const refused = [identity("telegram", MONDAY, TUESDAY), identity("slack", null, TUESDAY)];
    expect(choose(refused, "slack")).toBeUndefined();
    expect(choose([])).toBeUndefined();
  });

  it("returns the caller's own object, so its other fields come along", () => {
    const slack = identity("slack", TUESDAY);
    expect(chooseMemberIdentity({ identities: [identity("telegram", MONDAY), slack] })).toBe(slack);
  });

  it("always picks a reachable account, the same one for any order of the accounts", () => {
    const seen = fc.option(fc.date({ min: MONDAY, max: TUESDAY, noInvalidDate: true }));
    const candidate = fc.record({
      platform: fc.constantFrom<MessagingPlatform>("telegram", "slack"),
      lastSeenAt: seen,
      unreachableAt: fc.option(fc.constant(TUESDAY)),
    });
    // One account per platform, as the database keeps them.
    const accounts = fc
      .uniqueArray(candidate, { selector: (account) => account.platform, maxLength: 2 })
      .chain((list) =>
        fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })),
      );
    const preference = fc.option(fc.constantFrom<MessagingPlatform>("telegram", "slack"));
    fc.assert(
      fc.property(accounts, preference, ([list, shuffled], preferred) => {
        const chosen = chooseMemberIdentity({ identities: list, preferred });
        const again = chooseMemberIdentity({ identities: shuffled, preferred });
        expect(again).toBe(chosen);
        const reachable = list.filter((account) => account.unreachableAt === null);
        if (reachable.length === 0) expect(chosen).toBeUndefined();
        else expect(chosen?.unreachableAt).toBeNull();
        const reachablePreferred = reachable.find((account) => account.platform === preferred);
        if (reachablePreferred) expect(chosen).toBe(reachablePreferred);
      }),
    );
  });
});
