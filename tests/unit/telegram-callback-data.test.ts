import { describe, expect, it } from "vitest";
import type { Incoming } from "../../src/core/incoming.js";
import {
  buttonKeyOf,
  callbackDataFor,
  isButtonKey,
} from "../../src/platforms/telegram/callback-data.js";
import {
  type TelegramButtonRow,
  type TelegramButtonStore,
  withStoredButtonData,
} from "../../src/platforms/telegram/telegram-button-store.js";

/** A store in a Map, recording what was asked of it. */
function memoryStore(rows: TelegramButtonRow[] = []): TelegramButtonStore & { asked: string[] } {
  const kept = new Map(rows.map((row) => [row.key, row.data]));
  const asked: string[] = [];
  return {
    asked,
    async save(more) {
      for (const row of more) kept.set(row.key, row.data);
    },
    async resolve(key) {
      asked.push(key);
      return kept.get(key);
    },
  };
}

function tap(data: string): Incoming {
  return {
    platform: "telegram",
    updateKey: "1",
    receivedAt: new Date("2022-06-10T01:00:00.000Z"),
    user: { externalId: "501" },
    chat: { id: "501", kind: "private" },
    content: { kind: "choice", data },
  };
}

describe("Telegram button keys", () => {
  it("derive a key from the data: ~ and base64url of the first 24 bytes of its SHA-256", () => {
    // sha256("x" × 300), first 24 bytes, base64url: fixed, so a change of scheme shows here.
    expect(buttonKeyOf("x".repeat(300))).toBe("~DU4sqenLztenpTgOsp4aN4O5ttDbct42");
    const key = buttonKeyOf("任".repeat(100));
    expect(key).toMatch(/^~[A-Za-z0-9_-]{32}$/);
    expect(Buffer.byteLength(key)).toBe(33);
    expect(buttonKeyOf("任".repeat(100))).toBe(key);
    expect(buttonKeyOf("任".repeat(101))).not.toBe(key);
    expect(isButtonKey(key)).toBe(true);
  });

  it("send data of up to 64 bytes as it is, and longer data as its key", () => {
    expect(callbackDataFor("7|done")).toEqual({ callbackData: "7|done", keyed: false });
    expect(callbackDataFor("d".repeat(64))).toEqual({ callbackData: "d".repeat(64), keyed: false });
    const long = "d".repeat(65);
    expect(callbackDataFor(long)).toEqual({ callbackData: buttonKeyOf(long), keyed: true });
    // 22 characters, 66 bytes: Telegram counts bytes.
    expect(callbackDataFor("任".repeat(22)).keyed).toBe(true);
  });

  it("key short data that looks like a key, so a tapped key always means a look-up", () => {
    const lookalike = buttonKeyOf("anything");
    expect(callbackDataFor(lookalike)).toEqual({
      callbackData: buttonKeyOf(lookalike),
      keyed: true,
    });
    for (const data of ["~", "~short", `~${"a".repeat(31)}`, `${lookalike}x`, "rc|1|r"]) {
      expect(isButtonKey(data)).toBe(false);
    }
  });
});

describe("withStoredButtonData", () => {
  it("replaces a tapped key by the data stored under it", async () => {
    const data = `lc|${"a".repeat(297)}`;
    const store = memoryStore([{ key: buttonKeyOf(data), data }]);
    const resolved = await withStoredButtonData(tap(buttonKeyOf(data)), store);
    expect(resolved.content).toEqual({ kind: "choice", data });
    expect(resolved.user).toEqual({ externalId: "501" });
  });

  it("passes an unknown key on as it is, and asks nothing for data that is no key", async () => {
    const store = memoryStore();
    const unknown = tap(buttonKeyOf("cleaned up"));
    expect(await withStoredButtonData(unknown, store)).toBe(unknown);
    expect(await withStoredButtonData(unknown, undefined)).toBe(unknown);
    const plain = tap("7|done");
    expect(await withStoredButtonData(plain, store)).toBe(plain);
    expect(store.asked).toEqual([buttonKeyOf("cleaned up")]);
  });
});
