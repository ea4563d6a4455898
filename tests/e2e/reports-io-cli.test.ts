import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { REPO_ROOT, runDubanCommand } from "../support/run-duban.js";

const FIXTURE = join(REPO_ROOT, "tests", "fixtures", "reports", "ankang-2022-q2-weeks.csv");
const CAMPAIGN = "ankang-eco-2022";
/** Each test runs several processes, and each opens the embedded database. */
const SEVERAL_PROCESSES = 240_000;

/** The admin's round: import the campaign and a few weeks of Q2 2022, export, and a bad file. */
describe("duban export and duban reports import (command line)", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-reports-cli-"));
  const env = { DATA_DIR: join(dir, "data") };
  const run = (...args: string[]) => runDubanCommand(args, env);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "imports the campaign and a CSV of weeks, idempotently, and exports it back as it was",
    async () => {
      expect((await run("campaign", "import", REFERENCE_EXAMPLE)).code).toBe(0);
      const dryRun = await run("reports", "import", FIXTURE, "--campaign", CAMPAIGN, "--dry-run");
      expect(dryRun.code).toBe(0);
      expect(dryRun.stdout).toContain("would read 30 rows: 30 created, 0 updated, 0 unchanged");
      const imported = await run("reports", "import", FIXTURE, "--campaign", CAMPAIGN);
      expect(imported.stdout).toContain(
        "imported ankang-eco-2022: 30 rows read, 30 created, 0 updated, 0 unchanged.",
      );
      const again = await run("reports", "import", FIXTURE, "--campaign", CAMPAIGN);
      expect(again.stdout).toContain("30 unchanged");
      expect(again.stdout).toContain("the database already matches the file");

      const exported = await run(
        ...["export", "--campaign", CAMPAIGN, "--from", "2022-04-01", "--to", "2022-06-30"],
        ...["--format", "csv"],
      );
      expect(exported.code).toBe(0);
      expect(exported.stdout).toBe(readFileSync(FIXTURE, "utf8"));
    },
    SEVERAL_PROCESSES,
  );

  it(
    "exports XLSX only to a file, and that file imports back unchanged",
    async () => {
      const range = ["--campaign", CAMPAIGN, "--from", "2022-04-01", "--to", "2022-06-30"];
      const refused = await run("export", ...range, "--format", "xlsx");
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe("");
      expect(refused.stderr).toContain("XLSX is a binary file and is not written to a terminal");

      const out = join(dir, "q2.xlsx");
      const written = await run("export", ...range, "--format", "xlsx", "--out", out);
      expect(written.code).toBe(0);
      expect(written.stderr).toContain("exported 30 reports (2022-W14 to 2022-W26, 13 weeks)");
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(out);
      expect(workbook.getWorksheet("reports")?.rowCount).toBe(31);
      const back = await run("reports", "import", out, "--campaign", CAMPAIGN);
      expect(back.stdout).toContain("30 rows read, 0 created, 0 updated, 30 unchanged.");
    },
    SEVERAL_PROCESSES,
  );

  it(
    "shows a bad file's errors by row and column in Chinese and in English, writing nothing",
    async () => {
      const [header = "", good = ""] = readFileSync(FIXTURE, "utf8").split("\r\n");
      const bad = join(dir, "bad.csv");
      const wrongWeek = good.replace("2022-W22", "2022-W53");
      const wrongTask = good.replace("2022-W22,blue-sky", "2022-W27,blue-skies");
      writeFileSync(bad, [header, wrongWeek, wrongTask, ""].join("\r\n"));

      const zh = await runDubanCommand(["reports", "import", bad, "--campaign", CAMPAIGN], {
        ...env,
        DUBAN_LOCALE: "zh-CN",
      });
      expect(zh.code).toBe(1);
      expect(zh.stderr).toContain(
        `${bad} 第 2 行，period 列：“2022-W53”不是有效的 ISO 周，应写成 2022-W23 这样`,
      );
      expect(zh.stderr).toContain(`${bad} 第 3 行，task 列：没有 key 为“blue-skies”的任务`);
      expect(zh.stderr).toContain("共 2 处错误；未写入任何内容。");

      const en = await run("reports", "import", bad, "--campaign", CAMPAIGN);
      expect(en.code).toBe(1);
      expect(en.stderr).toContain(
        `${bad} row 2, column period: "2022-W53" is not an ISO week; write it like 2022-W23`,
      );
      expect(en.stderr).toContain(`${bad} row 3, column task: no task "blue-skies"`);
      expect(en.stderr).toContain("2 errors; nothing was written.");

      const exported = await run(
        ...["export", "--campaign", CAMPAIGN, "--from", "2022-07-01", "--to", "2022-07-31"],
        ...["--format", "csv"],
      );
      expect(exported.stdout.trim().split("\r\n")).toHaveLength(1); // the header only: W27 not written
    },
    SEVERAL_PROCESSES,
  );
});
