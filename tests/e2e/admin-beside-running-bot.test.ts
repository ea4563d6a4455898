import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import {
  type DubanProcess,
  killAllDubans,
  runDubanCommand,
  spawnDuban,
} from "../support/run-duban.js";
import {
  type EmulatedUser,
  startTelegramEmulator,
  type TelegramEmulator,
} from "../support/telegram-emulator.js";

const ZHANG_WEI = 512340021;
const REPLY_MS = 60_000;
const COMMAND_MS = 180_000;
/** Task 5's title in the reference campaign: Zhang Wei is made one of its owners. */
const TASK_5 = "督促责任主体抓好中央生态环保督察反馈问题整改";

/**
 * The admin's commands while `duban start` holds the embedded data directory: they run through
 * the running process (its admin endpoint) instead of being refused, and the bot answers with
 * what they changed at once.
 */
describe("the admin command line beside a running bot on the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-admin-"));
  const dataDir = join(dir, "data");
  const campaignFile = join(dir, "campaign.yaml");
  const env = () => ({ DATA_DIR: dataDir });
  let telegram: TelegramEmulator;
  let bot: DubanProcess;
  let zhang: EmulatedUser;

  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    writeFileSync(campaignFile, stringify(loadCampaignFile(REFERENCE_EXAMPLE)));
    const imported = await runDubanCommand(["campaign", "import", campaignFile], env(), COMMAND_MS);
    expect(imported.code, imported.stderr).toBe(0);
    zhang = telegram.user({ userId: ZHANG_WEI, firstName: "张伟" });
    bot = spawnDuban(["start"], {
      ...env(),
      PORT: "0",
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    });
    await bot.waitFor(/duban is ready/, 120_000);
  }, 400_000);
  afterAll(async () => {
    await killAllDubans();
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the endpoint file beside the lock, readable by its user only", () => {
    const path = join(dataDir, "pglite.admin.json");
    expect(existsSync(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ pid: bot.pid });
  });

  it("imports an edited campaign through the running bot, which uses it at once", async () => {
    await zhang.command("mytasks");
    const before = await zhang.waitForReply((m) => m.text.includes("发送 /report"), REPLY_MS);
    expect(before.text).not.toContain(TASK_5);

    const menusBefore = telegram.calls("setMyCommands").length;
    const edited = loadCampaignFile(REFERENCE_EXAMPLE);
    edited.tasks.find((task) => task.key === "inspection-rectification")?.owners.push("zhang-wei");
    writeFileSync(campaignFile, stringify(edited));
    const imported = await runDubanCommand(["campaign", "import", campaignFile], env(), COMMAND_MS);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/change|updated|imported/i);
    // The leaders' command menus are published again for the campaign as it now is.
    await until(() => telegram.calls("setMyCommands").length > menusBefore, REPLY_MS);

    await zhang.command("mytasks");
    const after = await zhang.waitForReply((m) => m.text.includes(TASK_5), REPLY_MS);
    expect(after.text).toContain(`5. ${TASK_5}`);

    // Nothing changed: the second import of the same file says so and still succeeds.
    const again = await runDubanCommand(["campaign", "import", campaignFile], env(), COMMAND_MS);
    expect(again.code, again.stderr).toBe(0);
  }, 400_000);

  it("refuses a bad file through the running bot with its line and column, and changes nothing", async () => {
    const broken = join(dir, "broken.yaml");
    const file = parse(readFileSync(campaignFile, "utf8")) as { tasks: { owners: string[] }[] };
    file.tasks[0]?.owners.push("nobody-of-that-name");
    writeFileSync(broken, stringify(file));
    const refused = await runDubanCommand(["campaign", "import", broken], env(), COMMAND_MS);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(refused.stderr).toContain("nobody-of-that-name");

    const missing = await runDubanCommand(
      ["campaign", "import", join(dir, "no-such-file.yaml")],
      env(),
      COMMAND_MS,
    );
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain("ENOENT");
  }, 400_000);

  it("invites a member through the running bot, and the printed link binds the account", async () => {
    const invite = await runDubanCommand(
      ["invite", "li-na", "--platform", "telegram", "--bot", "TestNameBot"],
      env(),
      COMMAND_MS,
    );
    expect(invite.code, invite.stderr).toBe(0);
    const code = invite.stdout.match(/https:\/\/t\.me\/TestNameBot\?start=([A-Z0-9]+)/)?.[1];
    expect(code, invite.stdout).toBeDefined();
    const liNa = telegram.user({ userId: 777001, firstName: "李娜" });
    await liNa.command("start", code);
    const welcome = await liNa.waitForReply(() => true, REPLY_MS);
    expect(welcome.text).toContain("账号已绑定");
  }, 400_000);

  it("lists and exports through the running bot, writing the file where the admin asked", async () => {
    const list = await runDubanCommand(["campaign", "list"], env(), COMMAND_MS);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("ankang-eco-2022");

    const out = join(dir, "exported.yaml");
    const exported = await runDubanCommand(
      ["campaign", "export", "ankang-eco-2022", "--out", out],
      env(),
      COMMAND_MS,
    );
    expect(exported.code, exported.stderr).toBe(0);
    const text = readFileSync(out, "utf8");
    expect(text).toContain("zhang-wei");
    const validated = await runDubanCommand(["campaign", "validate", out], env(), COMMAND_MS);
    expect(validated.code, validated.stderr).toBe(0);

    const status = await runDubanCommand(["outbox", "status"], env(), COMMAND_MS);
    expect(status.code, status.stderr).toBe(0);
  }, 400_000);

  it("still refuses what must not run beside the bot, saying why", async () => {
    const migrate = await runDubanCommand(["db", "migrate"], env(), COMMAND_MS);
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toContain(`process ${bot.pid}`);
  }, 400_000);

  it("removes the endpoint at shutdown, and the commands open the data directory again", async () => {
    const stopped = await bot.stop("SIGTERM");
    expect(stopped.code).toBe(0);
    expect(existsSync(join(dataDir, "pglite.admin.json"))).toBe(false);
    const list = await runDubanCommand(["campaign", "list"], env(), COMMAND_MS);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain("ankang-eco-2022");
  }, 400_000);
});

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
