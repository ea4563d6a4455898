import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/open-database.js";
import { feedReferenceQuarter } from "../support/reference-quarter.js";
import { runDubanCommand } from "../support/run-duban.js";

const CAMPAIGN = "ankang-eco-2022";

/** `duban digest` and `duban circular` on a data directory holding the reference quarter. */
describe("duban digest and duban circular", () => {
  const dir = mkdtempSync(join(tmpdir(), "duban-summary-"));
  const dataDir = join(dir, "data");
  const zh = { DATA_DIR: dataDir, DUBAN_LOCALE: "zh-CN" };
  const en = { DATA_DIR: dataDir, DUBAN_LOCALE: "en" };

  beforeAll(async () => {
    // The data directory as `duban start` would leave it after the quarter's conversations.
    const database = await openDatabase({
      target: { kind: "pglite", dataDir: join(dataDir, "pglite") },
    });
    try {
      await feedReferenceQuarter(database.prisma);
    } finally {
      await database.close();
    }
  }, 600_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints a week's digest as Markdown, with last week's figures beside this week's", async () => {
    const digest = await runDubanCommand(
      ["digest", "--campaign", CAMPAIGN, "--week", "2022-W26", "--format", "md"],
      zh,
    );
    expect(digest.code, digest.stderr).toBe(0);
    expect(digest.stdout).toMatch(/^# .*（2022-W26）\n/);
    expect(digest.stdout).toContain("本周应报 10 份，已报 5 份");
    expect(digest.stdout).toContain("中心城市空气质量优良天数170天（上周163天）");
    expect(digest.stdout).toContain("城市水环境质量指数3.2640");
    // Who did not report in W26, by unit.
    expect(digest.stdout).toMatch(/汉滨分局：马晓东/);
    expect(digest.stdout).not.toContain("<b>");
  });

  it("prints the digest as the Telegram messages, numbered, each within Telegram's limit", async () => {
    const digest = await runDubanCommand(
      ["digest", "--campaign", CAMPAIGN, "--week", "2022-W21", "--format", "html"],
      zh,
    );
    expect(digest.code, digest.stderr).toBe(0);
    const parts = digest.stdout.split(/^<!-- message (\d+) -->\n/m);
    expect(parts[0]).toBe("");
    const numbers = parts.filter((_, index) => index % 2 === 1);
    const messages = parts.filter((_, index) => index > 0 && index % 2 === 0);
    expect(numbers).toEqual(messages.map((_, index) => String(index + 1)));
    expect(messages[0]).toMatch(/^<b>.*（2022-W21）<\/b>/);
    for (const message of messages) {
      // Telegram counts UTF-16 code units of the text without its markup.
      const visible = message.replace(/<[^>]+>/g, "").replace(/&(lt|gt|amp|quot);/g, "x");
      expect(visible.trim().length).toBeLessThanOrEqual(4096);
    }
    // 张伟's W21 figure is the one he corrected to: 5 fire points, not 15.
    expect(digest.stdout).toContain("共发现火点（黑斑）5处");
  });

  it("prints the quarter's circular as Markdown, and writes the same to --out", async () => {
    const printed = await runDubanCommand(
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q2", "--format", "md"],
      zh,
    );
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toMatch(/^安康市生态环境局\n\n# 关于第二季度.*通报\n/);
    for (const fact of [
      "共发现火点（黑斑）67处",
      "1-6月中心城市空气质量优良天数170天",
      "城市水环境质量指数3.2640",
      "共清运废弃矿渣5.11万方",
      "共开展非现场执法148次",
      "二、存在的主要问题及下一步打算",
      "抄送：市纪委。",
    ]) {
      expect(printed.stdout).toContain(fact);
    }
    const out = join(dir, "circular-2022q2.md");
    const written = await runDubanCommand(
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q2", "--out", out],
      en,
    );
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe("");
    expect(written.stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout);
  });

  it("writes the circular as a Word document to --out only", async () => {
    const out = join(dir, "circular-2022q2.docx");
    const written = await runDubanCommand(
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q2", "--format", "docx", "--out", out],
      zh,
    );
    expect(written.code, written.stderr).toBe(0);
    expect(written.stderr).toContain("汇编自 62 份报告");
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004"); // a ZIP, as DOCX is
    expect(bytes.toString("latin1")).toContain("word/document.xml");

    const refused = await runDubanCommand(
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q2", "--format", "docx"],
      zh,
    );
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("Word 文档不能输出到终端，请用 --out 指定文件");
  });

  it.each([
    [
      ["digest", "--campaign", CAMPAIGN, "--week", "2022-W60"],
      "--week must be an ISO week such as 2022-W26, not 2022-W60",
      "--week 应为 ISO 周，如 2022-W26，而不是 2022-W60",
    ],
    [
      ["digest", "--campaign", CAMPAIGN, "--week", "2022-W26", "--format", "pdf"],
      "--format must be one of md, html, not pdf",
      "--format 只能是 md, html 之一，而不是 pdf",
    ],
    [
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q5"],
      "--quarter must be a quarter such as 2022Q2, not 2022Q5",
      "--quarter 应为季度，如 2022Q2，而不是 2022Q5",
    ],
    [
      ["circular", "--campaign", CAMPAIGN, "--quarter", "2022Q2", "--format", "pdf", "--out", "x"],
      "--format must be one of md, docx, not pdf",
      "--format 只能是 md, docx 之一，而不是 pdf",
    ],
  ])(
    "refuses %j with exit code 2 and says why in the CLI's language",
    async (args, english, chinese) => {
      const inEnglish = await runDubanCommand(args, en);
      expect(inEnglish.code).toBe(2);
      expect(inEnglish.stdout).toBe("");
      expect(inEnglish.stderr.trim()).toBe(english);
      const inChinese = await runDubanCommand(args, zh);
      expect(inChinese.code).toBe(2);
      expect(inChinese.stderr.trim()).toBe(chinese);
      expect(existsSync(join(process.cwd(), "x"))).toBe(false);
    },
  );

  it("names the campaigns there are when the key is unknown", async () => {
    for (const command of [
      ["digest", "--campaign", "nope", "--week", "2022-W26"],
      ["circular", "--campaign", "nope", "--quarter", "2022Q2"],
    ]) {
      const unknown = await runDubanCommand(command, en);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe("");
      expect(unknown.stderr).toContain(`no campaign "nope". There are: ${CAMPAIGN}`);
    }
  });

  it("takes the only campaign when --campaign is left out", async () => {
    const named = await runDubanCommand(
      ["digest", "--campaign", CAMPAIGN, "--week", "2022-W26"],
      en,
    );
    const only = await runDubanCommand(["digest", "--week", "2022-W26"], en);
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).toBe(named.stdout);
  });
});
