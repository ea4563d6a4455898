import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCT_EXAMPLE, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { runDubanCommand } from "../support/run-duban.js";
import { startTelegramEmulator, type TelegramEmulator } from "../support/telegram-emulator.js";

/** `duban jobs plan` and `duban jobs run`, as an admin uses them. */
describe("duban jobs", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-jobs-"));
  const env = { DATA_DIR: join(dir, "data"), DUBAN_LOCALE: "zh-CN" };
  let telegram: TelegramEmulator;
  beforeAll(async () => {
    telegram = await startTelegramEmulator();
    for (const file of [REFERENCE_EXAMPLE, PRODUCT_EXAMPLE]) {
      const imported = await runDubanCommand(["campaign", "import", file], env);
      expect(imported.code, imported.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await telegram?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("plans the National Day week of 2022, explaining every shift", async () => {
    const plan = await runDubanCommand(
      [
        "jobs",
        "plan",
        "--campaign",
        "ankang-eco-2022",
        "--from",
        "2022-09-29T00:00:00+08:00",
        "--to",
        "2022-10-11T00:00:00+08:00",
      ],
      env,
    );
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(
      /10月8日（周六）09:00\tprompt\t10 人\t2022-10-07 节假日（国庆节） → 2022-10-08 工作日; 2022-W40/,
    );
    expect(plan.stdout).toMatch(
      /10月8日（周六）12:00\tclose\t10 人 \+ 领导小组\t2022-10-03 节假日（国庆节） → 2022-10-08 工作日; 2022-W39/,
    );
    expect(plan.stdout).toContain("remind（不发送）");
  });

  it("warns when a year has no holiday data, unless the campaign works every day", async () => {
    const range = [
      "--from",
      "2027-01-04T00:00:00Z",
      "--to",
      "2027-01-11T00:00:00Z",
      "--lang",
      "en",
    ];
    const plan = await runDubanCommand(
      ["jobs", "plan", "--campaign", "ankang-eco-2022", ...range],
      env,
    );
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain("there is no holiday data for 2027");
    // skipHolidays: false — every day is worked, so no holiday data is missing.
    const everyDay = await runDubanCommand(
      ["jobs", "plan", "--campaign", "product-2027", ...range],
      env,
    );
    expect(everyDay.code, everyDay.stderr).toBe(0);
    expect(everyDay.stderr).not.toContain("holiday data");
  });

  it("fires a job once as if it were that instant, and delivers it with --deliver", async () => {
    const users = [512340021, 512340031, 512340051].map((userId) => telegram.user({ userId }));
    const args = [
      "jobs",
      "run",
      "prompt",
      "--campaign",
      "ankang-eco-2022",
      "--at",
      "2022-06-10T09:00:00+08:00",
    ];
    const withTelegram = {
      ...env,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
    };
    const first = await runDubanCommand([...args, "--deliver"], withTelegram);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("已运行：3 条消息进入发送队列");
    expect(first.stdout).toContain("还有 0 条在等待");
    for (const user of users) {
      expect(
        user
          .replies()
          .map((message) => message.text)
          .join("\n"),
      ).toContain("开始填报了");
    }
    const again = await runDubanCommand(args, env);
    expect(again.stdout).toContain("已经运行过");
    const bad = await runDubanCommand(
      [
        "jobs",
        "run",
        "coffee",
        "--campaign",
        "ankang-eco-2022",
        "--at",
        "2022-06-10T09:00:00+08:00",
      ],
      env,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("没有这个任务：coffee");
  });
});
