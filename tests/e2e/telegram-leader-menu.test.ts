import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { killAllDubans, runDubanCommand, spawnDuban } from "../support/run-duban.js";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.js";

/**
 * The command menu: every private chat lists the staff commands; the chats of the
 * reference campaign's leaders and admin, and its leadership group, list the leaders' too.
 * (The emulator refuses setMyCommands, so the calls are read, not their effect.)
 */
describe("the leaders' command menu, through duban start and the Bot API emulator", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-menu-"));
  let telegram: TelegramEmulator;

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    const env = { DATA_DIR: join(dir, "data") };
    const imported = await runDubanCommand(["campaign", "import", REFERENCE_EXAMPLE], env);
    expect(imported.code, imported.stderr).toBe(0);
    const bot = spawnDuban(["start"], {
      ...env,
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    await bot.waitFor(/duban is ready|督办已就绪/);
  });
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sets the leaders' commands for their private chats and the leadership group only", async () => {
    const byChat = () =>
      new Map(
        telegram
          .calls("setMyCommands")
          .map(
            (call) =>
              call.params as {
                scope?: { type: string; chat_id?: number };
                commands?: { command: string }[];
              },
          )
          .filter((params) => params.scope?.type === "chat")
          .map((params) => [params.scope?.chat_id, (params.commands ?? []).map((c) => c.command)]),
      );
    // 陈建国 and 刘志强 lead, 赵敏 administers; 张伟, 孙浩 and 冯刚 are staff.
    await vi.waitFor(() => expect(byChat().size).toBe(4), { timeout: 15_000 });
    const chats = byChat();
    expect([...chats.keys()].sort()).toEqual([-1001234567890, 512340001, 512340002, 512340010]);
    expect(chats.get(512340001)).toEqual([
      "report",
      "mytasks",
      "edit",
      "skip",
      "done",
      "cancel",
      "lang",
      "help",
      "status",
      "missing",
      "deadlines",
      "digest",
      "circular",
      "dashboard",
    ]);
    // The dashboard's sign-in link is personal: not offered in the group.
    expect(chats.get(-1001234567890)).toEqual([
      "status",
      "missing",
      "deadlines",
      "digest",
      "circular",
    ]);
    const everyone = telegram.calls("setMyCommands").filter((call) => {
      const scope = (call.params as { scope?: { type: string } }).scope;
      return scope?.type === "all_private_chats";
    });
    expect(everyone).toHaveLength(2);
  });
});
