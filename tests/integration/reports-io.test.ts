import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import type { Database } from "../../src/db/open-database.js";
import { exportReports } from "../../src/reports-io/export-reports.js";
import { importReports } from "../../src/reports-io/import-reports.js";
import { readReportsSheet } from "../../src/reports-io/read-sheet.js";
import { reportsCsv } from "../../src/reports-io/reports-csv.js";
import { reportsXlsx } from "../../src/reports-io/reports-xlsx.js";
import { ReportsImportError, type RowProblem } from "../../src/reports-io/row-problem.js";
import { loadCampaignFile, REFERENCE_EXAMPLE } from "../support/campaign-files.js";
import { REPO_ROOT } from "../support/run-duban.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

const FIXTURE = join(REPO_ROOT, "tests", "fixtures", "reports", "ankang-2022-q2-weeks.csv");
const FIXTURE_BYTES = new Uint8Array(readFileSync(FIXTURE));
const BOM = "\uFEFF";
const NOW = new Date("2022-07-01T04:00:00Z");
const Q2 = { from: "2022-04-01", to: "2022-06-30" };
/** The fixture's header line, without its byte order mark. */
const HEADER = new TextDecoder().decode(FIXTURE_BYTES).replace(BOM, "").split("\r\n")[0] ?? "";
/** 27 columns: 8 fixed, then the 19 metrics; `metrics` puts values by column name. */
const METRIC_NAMES = HEADER.split(",").slice(8);

function line(fixed: string[], metrics: Record<string, string> = {}): string {
  const cells = METRIC_NAMES.map((name) => metrics[name.replace("metric:", "")] ?? "");
  return [...fixed, ...cells].join(",");
}
const csv = (...lines: string[]) =>
  new TextEncoder().encode(`${[HEADER, ...lines].join("\r\n")}\r\n`);

const BLUE_SKY = {
  "fire-points": "3",
  "supervision-orders": "1",
  "assigned-issues": "2",
  "firework-transport-cases": "0",
  "firework-burning-cases": "0",
};
const LI_NA = ["2022-W23", "blue-sky", "li-na", "submitted", "on_track", "巡查", "", ""];

describe(`duban export and reports import (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  let campaignId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const imported = await importCampaign({
      prisma: database.prisma,
      file: loadCampaignFile(REFERENCE_EXAMPLE),
    });
    campaignId = imported.campaignId;
  });
  afterAll(async () => {
    await database?.close();
  });
  beforeEach(async () => {
    const p = database.prisma;
    await p.metricValue.deleteMany();
    await p.reportRevision.deleteMany();
    await p.report.deleteMany();
  });

  async function load(fileName: string, bytes: Uint8Array, dryRun = false) {
    const sheet = await readReportsSheet({ fileName, bytes });
    if (!sheet.ok) throw new Error(`unreadable: ${sheet.reason}`);
    return importReports({
      prisma: database.prisma,
      campaignId,
      rows: sheet.rows,
      dryRun,
      now: NOW,
    });
  }
  async function problemsOf(bytes: Uint8Array, fileName = "bad.csv"): Promise<RowProblem[]> {
    const error = await load(fileName, bytes).catch((caught: unknown) => caught);
    if (!(error instanceof ReportsImportError)) throw new Error(`not refused: ${String(error)}`);
    return error.problems;
  }
  const exportCsv = async () =>
    reportsCsv(await exportReports({ prisma: database.prisma, campaignId, ...Q2 }));

  it("imports the fixture, exports exactly the same CSV, and a re-import changes nothing", async () => {
    const first = await load("weeks.csv", FIXTURE_BYTES);
    expect(first).toMatchObject({ rowsRead: 30, created: 30, updated: 0, unchanged: 0 });
    const exported = await exportCsv();
    expect(exported).toBe(new TextDecoder("utf-8", { ignoreBOM: true }).decode(FIXTURE_BYTES));
    expect(exported.startsWith(BOM)).toBe(true);

    const counts = async () => ({
      reports: await database.prisma.report.count(),
      revisions: await database.prisma.reportRevision.count(),
      values: await database.prisma.metricValue.count(),
    });
    const before = await counts();
    const again = await load("weeks.csv", FIXTURE_BYTES);
    expect(again).toMatchObject({ rowsRead: 30, created: 0, updated: 0, unchanged: 30 });
    expect(await counts()).toEqual(before);
    expect(await exportCsv()).toBe(exported);
  });

  it("stores what the chat stores: on time at the close, exact decimals, blocked reason, skip", async () => {
    await load("weeks.csv", FIXTURE_BYTES);
    const report = await database.prisma.report.findFirstOrThrow({
      where: { period: "2022-W23", task: { key: "clear-water" }, member: { key: "sun-hao" } },
      include: { metricValues: { include: { metric: true } }, revisions: true },
    });
    expect(report).toMatchObject({ state: "submitted", late: false, revision: 1 });
    // The close of 2022-W23: Monday 2022-06-13 12:00 in Shanghai.
    expect(report.submittedAt?.toISOString()).toBe("2022-06-13T04:00:00.000Z");
    const values = Object.fromEntries(
      report.metricValues.map((value) => [value.metric.key, value.value.toString()]),
    );
    expect(values["water-quality-index"]).toBe("3.264");
    expect(report.revisions).toHaveLength(1);
    const blocked = await database.prisma.report.findFirstOrThrow({
      where: { period: "2022-W24", task: { key: "clean-soil" } },
    });
    expect(blocked).toMatchObject({
      health: "blocked",
      blockedReason: "省级审查意见尚未反馈，项目无法入库",
      problems: "部分项目前期资料不全",
    });
    const skipped = await database.prisma.report.findFirstOrThrow({
      where: { period: "2022-W22", member: { key: "zhou-jing" } },
    });
    expect(skipped).toMatchObject({ state: "skipped", skipReason: "外出培训，本周无法报送" });
  });

  it("round-trips through XLSX: export, import into an empty database, export the same CSV", async () => {
    await load("weeks.csv", FIXTURE_BYTES);
    const table = await exportReports({ prisma: database.prisma, campaignId, ...Q2 });
    const workbook = await reportsXlsx(table);
    const csvBefore = reportsCsv(table);
    await database.prisma.metricValue.deleteMany();
    await database.prisma.reportRevision.deleteMany();
    await database.prisma.report.deleteMany();
    const result = await load("reports.xlsx", new Uint8Array(workbook));
    expect(result).toMatchObject({ rowsRead: 30, created: 30 });
    expect(await exportCsv()).toBe(csvBefore);
  });

  it("writes the XLSX sheet as specified: bold frozen header, text keys, number metrics", async () => {
    await load("weeks.csv", FIXTURE_BYTES);
    const workbook = new ExcelJS.Workbook();
    const table = await exportReports({ prisma: database.prisma, campaignId, ...Q2 });
    await workbook.xlsx.load((await reportsXlsx(table)) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet("reports");
    expect(sheet?.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet?.getRow(1).getCell(9).value).toBe("metric:fire-points");
    expect(sheet?.getRow(2).getCell(1).value).toBe("2022-W22");
    expect(sheet?.getRow(2).getCell(9).value).toBe(3);
  });

  it("accepts a file without a byte order mark, the bot's status labels and units", async () => {
    const text = [
      HEADER,
      line(
        ["2022-W23", "blue-sky", "li-na", "submitted", "按计划推进", '"1. 巡查\n2. 督办"', "", ""],
        {
          ...BLUE_SKY,
          "fire-points": "3处",
        },
      ),
      line(
        [
          "2022-W23",
          "inspection-rectification",
          "feng-gang",
          "submitted",
          "At risk",
          "清运",
          "",
          "",
        ],
        {
          "slag-removed": "5.11万方",
          "adits-sealed": "1",
        },
      ),
    ].join("\n");
    const result = await load("plain.csv", new TextEncoder().encode(text));
    expect(result).toMatchObject({ rowsRead: 2, created: 2 });
    const exported = await exportCsv();
    expect(exported).toContain('2022-W23,blue-sky,li-na,submitted,on_track,"巡查\n督办",,,3,');
    expect(exported).toContain("2022-W23,inspection-rectification,feng-gang,submitted,at_risk,");
    expect(exported).toContain(",5.11,1,");
  });

  it("makes a new revision when a row changed", async () => {
    await load("a.csv", csv(line(LI_NA, BLUE_SKY)));
    const changed = await load("b.csv", csv(line(LI_NA, { ...BLUE_SKY, "fire-points": "4" })));
    expect(changed).toMatchObject({ rowsRead: 1, created: 0, updated: 1, unchanged: 0 });
    const report = await database.prisma.report.findFirstOrThrow({
      where: { member: { key: "li-na" } },
      include: { revisions: true, metricValues: { include: { metric: true } } },
    });
    expect(report.revision).toBe(2);
    expect(report.revisions.map((revision) => revision.revision).sort()).toEqual([1, 2]);
    const fire = report.metricValues.find((value) => value.metric.key === "fire-points");
    expect(fire?.value.toString()).toBe("4");
  });

  it("dry run reports what would be written and writes nothing", async () => {
    const result = await load("weeks.csv", FIXTURE_BYTES, true);
    expect(result).toMatchObject({ dryRun: true, rowsRead: 30, created: 30 });
    expect(await database.prisma.report.count()).toBe(0);
  });

  const cases: {
    name: string;
    fixed: string[];
    metrics?: Record<string, string>;
    expected: Partial<RowProblem>;
  }[] = [
    {
      name: "bad week",
      fixed: ["2022-W53", ...LI_NA.slice(1)],
      expected: { column: "period", code: "badWeek" },
    },
    {
      name: "unknown task",
      fixed: ["2022-W23", "blue-skies", ...LI_NA.slice(2)],
      expected: { column: "task", code: "unknownTask" },
    },
    {
      name: "member not an owner",
      fixed: ["2022-W23", "blue-sky", "sun-hao", ...LI_NA.slice(3)],
      expected: { column: "member", code: "notOwner" },
    },
    {
      name: "bad state",
      fixed: [...LI_NA.slice(0, 3), "done", ...LI_NA.slice(4)],
      expected: { column: "state", code: "badState" },
    },
    {
      name: "bad health",
      fixed: [...LI_NA.slice(0, 4), "good", ...LI_NA.slice(5)],
      expected: { column: "health", code: "badHealth" },
    },
    {
      name: "not a number",
      fixed: LI_NA,
      metrics: { ...BLUE_SKY, "fire-points": "abc" },
      expected: { column: "metric:fire-points", code: "number.notANumber" },
    },
    {
      name: "a count with decimals",
      fixed: LI_NA,
      metrics: { ...BLUE_SKY, "fire-points": "1.5" },
      expected: { column: "metric:fire-points", code: "value.notWhole" },
    },
    {
      name: "missing required metric",
      fixed: LI_NA,
      metrics: { ...BLUE_SKY, "fire-points": "" },
      expected: { column: "metric:fire-points", code: "metricRequired" },
    },
    {
      name: "metric for the wrong task",
      fixed: LI_NA,
      metrics: { ...BLUE_SKY, penalties: "1" },
      expected: { column: "metric:penalties", code: "metricNotOfTask" },
    },
    {
      name: "lead owner's metric from another owner",
      fixed: LI_NA,
      metrics: { ...BLUE_SKY, pm25: "35" },
      expected: { column: "metric:pm25", code: "metricLeadOnly" },
    },
    {
      name: "a ratio of 120",
      fixed: ["2022-W23", "clear-water", "sun-hao", "submitted", "on_track", "调度", "", ""],
      metrics: {
        "water-quality-index": "3.2",
        "water-bulletins": "1",
        "surface-water-good-rate": "120",
      },
      expected: { column: "metric:surface-water-good-rate", code: "value.aboveMax" },
    },
    {
      name: "too many decimals",
      fixed: ["2022-W23", "clear-water", "sun-hao", "submitted", "on_track", "调度", "", ""],
      metrics: {
        "water-quality-index": "3.2640001",
        "water-bulletins": "1",
        "surface-water-good-rate": "99",
      },
      expected: { column: "metric:water-quality-index", code: "value.tooPrecise" },
    },
    {
      name: "missing health",
      fixed: [...LI_NA.slice(0, 4), "", ...LI_NA.slice(5)],
      metrics: BLUE_SKY,
      expected: { column: "health", code: "healthRequired" },
    },
    {
      name: "blocked without a reason",
      fixed: [...LI_NA.slice(0, 4), "受阻", ...LI_NA.slice(5)],
      metrics: BLUE_SKY,
      expected: { column: "problems", code: "blockedReasonRequired" },
    },
    {
      name: "skip without a reason",
      fixed: ["2022-W23", "blue-sky", "li-na", "skipped", "", "", "", ""],
      metrics: {},
      expected: { column: "problems", code: "skipReasonRequired" },
    },
    {
      name: "a future week",
      fixed: ["2022-W30", ...LI_NA.slice(1)],
      metrics: BLUE_SKY,
      expected: { column: "period", code: "futureWeek" },
    },
  ];
  for (const badCase of cases) {
    it(`refuses ${badCase.name} with its row and column, writing nothing`, async () => {
      const good = line(["2022-W22", ...LI_NA.slice(1)], BLUE_SKY);
      const problems = await problemsOf(
        csv(good, line(badCase.fixed, badCase.metrics ?? BLUE_SKY)),
      );
      expect(problems).toEqual([expect.objectContaining({ row: 3, ...badCase.expected })]);
      expect(await database.prisma.report.count()).toBe(0);
    });
  }

  it("refuses a duplicate row, naming the first", async () => {
    const problems = await problemsOf(csv(line(LI_NA, BLUE_SKY), line(LI_NA, BLUE_SKY)));
    expect(problems).toEqual([
      expect.objectContaining({ row: 3, code: "duplicate", params: { first: 2 } }),
    ]);
  });

  it("counts rows as the spreadsheet shows them: a multi-line cell is one row", async () => {
    const multiLine = line([...LI_NA.slice(0, 5), "巡查\n督办\n检查", "", ""], BLUE_SKY);
    const bad = line(["2022-W22", "blue-sky", "li-na", "submitted", "on_track", "巡查", "", ""], {
      ...BLUE_SKY,
      "fire-points": "x",
    });
    const bytes = csv(multiLine.replace("巡查\n督办\n检查", '"巡查\n督办\n检查"'), bad);
    expect(await problemsOf(bytes)).toEqual([
      expect.objectContaining({ row: 3, column: "metric:fire-points" }),
    ]);
  });

  it("refuses a wrong header, an empty file and a file that is not UTF-8", async () => {
    const header = new TextEncoder().encode("period,task,member,state,health,progress,problem\r\n");
    const problems = await problemsOf(header);
    expect(problems.map((problem) => [problem.row, problem.column, problem.code])).toEqual([
      [1, "problem", "header.unknown"],
      [1, "problems", "header.missing"],
      [1, "next_steps", "header.missing"],
    ]);
    const empty = await readReportsSheet({ fileName: "empty.csv", bytes: new Uint8Array() });
    expect(empty).toEqual({ ok: false, reason: "empty" });
    const gbk = new Uint8Array([0xc4, 0xe3, 0xba, 0xc3, 0x0d, 0x0a]); // 你好 in GBK
    expect(await readReportsSheet({ fileName: "gbk.csv", bytes: gbk })).toEqual({
      ok: false,
      reason: "notUtf8",
    });
  });

  it("refuses to turn a submitted report into a skip", async () => {
    await load("a.csv", csv(line(LI_NA, BLUE_SKY)));
    const skip = ["2022-W23", "blue-sky", "li-na", "skipped", "", "", "出差", ""];
    const problems = await problemsOf(csv(line(skip, {})));
    expect(problems).toEqual([expect.objectContaining({ row: 2, code: "alreadySubmitted" })]);
  });
});
