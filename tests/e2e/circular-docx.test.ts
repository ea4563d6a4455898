import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderDocx } from "../../src/summaries/docx/render-docx.js";
import { copyToHanging, signatureIndents, textWidth } from "../../src/summaries/docx/text-width.js";
import { CIRCULAR_DOCUMENT } from "../fixtures/circular-document.js";

const run = promisify(execFile);
const ARTIFACTS = join(import.meta.dirname, "..", "artifacts");

const onPath = (command: string) =>
  (process.env.PATH ?? "").split(delimiter).some((dir) => existsSync(join(dir, command)));
const skipPdf = !onPath("soffice") && !process.env.CI;
if (skipPdf) {
  console.warn(
    "circular-docx: soffice (LibreOffice) is not on PATH and CI is not set: the PDF checks are skipped. " +
      "Install libreoffice-writer-nogui, poppler-utils and the fonts as .ci/run does to run them.",
  );
}

/** Twips of a length in millimetres, as Word rounds them (docx floors; allow one twip). */
const twips = (mm: number) => (mm * 1440) / 25.4;

function attribute(xml: string, element: string, name: string): number {
  const tag = xml.match(new RegExp(`<${element}\\b[^>]*>`))?.[0] ?? "";
  return Number(tag.match(new RegExp(`${name}="(-?\\d+)"`))?.[1]);
}

function styleXml(styles: string, id: string): string {
  const match = styles.match(new RegExp(`<w:style\\b[^>]*w:styleId="${id}"[\\s\\S]*?</w:style>`));
  if (!match) throw new Error(`no style ${id} in styles.xml`);
  return match[0];
}

const eastAsia = (xml: string) => xml.match(/w:eastAsia="([^"]+)"/)?.[1];

describe("circular DOCX (GB/T 9704-2012 layout)", () => {
  let document: string;
  let settings: string;
  let styles: string;
  let core: string;
  let footers: string[];

  beforeAll(async () => {
    const zip = await JSZip.loadAsync(await renderDocx(CIRCULAR_DOCUMENT));
    const text = async (path: string) => {
      const file = zip.file(path);
      if (!file) throw new Error(`${path} missing from the DOCX`);
      return file.async("string");
    };
    [document, settings, styles, core] = await Promise.all([
      text("word/document.xml"),
      text("word/settings.xml"),
      text("word/styles.xml"),
      text("docProps/core.xml"),
    ]);
    footers = await Promise.all(zip.file(/^word\/footer\d+\.xml$/).map((f) => f.async("string")));
  });

  it("is A4 with the standard's margins", () => {
    expect(attribute(document, "w:pgSz", "w:w")).toBe(11906);
    expect(attribute(document, "w:pgSz", "w:h")).toBe(16838);
    const margins = { "w:top": 37, "w:bottom": 35, "w:left": 28, "w:right": 26 };
    for (const [name, mm] of Object.entries(margins)) {
      expect(Math.abs(attribute(document, "w:pgMar", name) - twips(mm))).toBeLessThanOrEqual(1);
    }
    expect(document).not.toMatch(/w:type="linesAndChars"/);
  });

  it("sets exact 28.95 pt lines and 28 characters a line by default", () => {
    const defaults = styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)?.[0] ?? "";
    expect(defaults).toMatch(/<w:spacing\b[^>]*w:line="579"[^>]*w:lineRule="exact"/);
    expect(defaults).toMatch(/<w:spacing w:val="-5"\/>/);
    expect(defaults).toMatch(/w:sz w:val="32"/);
    expect(styles + document).not.toMatch(/lineRule="exactly"/);
  });

  it("sets each element in its font, as the East Asian font, in black", () => {
    expect(eastAsia(styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)?.[0] ?? "")).toBe(
      "仿宋_GB2312",
    );
    expect(eastAsia(styleXml(styles, "Heading1"))).toBe("黑体");
    expect(eastAsia(styleXml(styles, "Heading2"))).toBe("楷体_GB2312");
    expect(eastAsia(styleXml(styles, "Heading3"))).toBe("仿宋_GB2312");
    expect(styleXml(styles, "Heading3")).toMatch(/<w:b\/>/);
    expect(styleXml(styles, "Heading1")).not.toMatch(/<w:b\/>/);
    expect(eastAsia(styleXml(styles, "GbTitle"))).toBe("方正小标宋简体");
    expect(styleXml(styles, "GbTitle")).toMatch(/w:sz w:val="44"/);
    expect(eastAsia(styleXml(styles, "GbIssuer"))).toBe("方正小标宋简体");
    expect(styleXml(styles, "GbIssuer")).toMatch(/w:color w:val="FF0000"/);
    const colours = [...styles.matchAll(/w:color w:val="([0-9A-Fa-f]{6})"/g)].map((m) => m[1]);
    expect(colours.length).toBeGreaterThan(0);
    expect(colours.filter((c) => c !== "000000" && c !== "FF0000")).toEqual([]);
  });

  it("uses the heading styles at their levels and keeps every word of the document", () => {
    const paragraphs = [...document.matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const withStyle = (id: string) =>
      paragraphs.filter((p) => p.includes(`<w:pStyle w:val="${id}"/>`)).length;
    expect(withStyle("Heading1")).toBe(2);
    expect(withStyle("Heading2")).toBe(2);
    expect(withStyle("Heading3")).toBe(6);
    const text = [...document.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
      .map((m) => m[1])
      .join("");
    for (const block of CIRCULAR_DOCUMENT.blocks) {
      const words = block.kind === "signature" ? [block.issuer, block.date] : [];
      if ("text" in block) words.push(block.text);
      for (const word of words) expect(text).toContain(word);
    }
  });

  it("numbers pages on the outer side, odd and even footers, and names its title and creator", () => {
    expect(settings).toMatch(/<w:evenAndOddHeaders\/>/);
    expect(document).toMatch(/<w:footerReference w:type="default"/);
    expect(document).toMatch(/<w:footerReference w:type="even"/);
    expect(footers).toHaveLength(2);
    const alignments = footers.map((f) => f.match(/<w:jc w:val="(\w+)"\/>/)?.[1]).sort();
    expect(alignments).toEqual(["left", "right"]);
    for (const footer of footers) {
      expect(footer).toMatch(/PAGE/);
      expect(footer).toContain("— ");
      expect(eastAsia(footer)).toBe("宋体");
    }
    expect(core).toContain(`<dc:title>${CIRCULAR_DOCUMENT.title}</dc:title>`);
    expect(core).toContain("<dc:creator>duban</dc:creator>");
  });

  it("places the signature and 抄送 as GB/T 9704 counts characters", () => {
    expect(textWidth("2022年6月30日")).toBe(6.5);
    expect(signatureIndents("安康市生态环境局", "2022年6月30日")).toEqual({ issuer: 2, date: 1.5 });
    // A date longer than the issuer: the date 右空二字, the issuer two characters left of it.
    expect(signatureIndents("某局", "2022年12月31日")).toEqual({ issuer: 9, date: 2 });
    expect(copyToHanging("抄送：市纪委。")).toBe(3);
    expect(copyToHanging("市纪委")).toBe(0);
  });
});

describe.skipIf(skipPdf)(
  "circular PDF, converted by LibreOffice (needs soffice; skipped outside CI)",
  () => {
    const work = mkdtempSync(join(tmpdir(), "duban-circular-"));
    const profile = join(tmpdir(), `lo-${randomUUID()}`);
    const pdf = join(work, "circular.pdf");
    let pageText: string[];

    beforeAll(async () => {
      const source = join(work, "circular.docx");
      writeFileSync(source, await renderDocx(CIRCULAR_DOCUMENT));
      await run(
        "soffice",
        [
          `-env:UserInstallation=file://${profile}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          work,
          source,
        ],
        { timeout: 170_000 },
      );
      pageText = await Promise.all(
        [1, 2].map(async (page) => {
          const args = ["-f", String(page), "-l", String(page), pdf, "-"];
          return (await run("pdftotext", args)).stdout;
        }),
      );
      mkdirSync(ARTIFACTS, { recursive: true });
      const prefix = join(ARTIFACTS, "circular-page");
      for (const page of [1, 2]) rmSync(`${prefix}-${page}.png`, { force: true });
      await run("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "2", pdf, prefix]);
    }, 180_000);

    afterAll(() => {
      rmSync(work, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    });

    it("has A4 pages, at least two", async () => {
      const info = (await run("pdfinfo", [pdf])).stdout;
      expect(Number(info.match(/^Pages:\s+(\d+)/m)?.[1])).toBeGreaterThanOrEqual(2);
      const size = info.match(/^Page size:\s+([\d.]+) x ([\d.]+) pts/m);
      expect([Math.round(Number(size?.[1])), Math.round(Number(size?.[2]))]).toEqual([595, 842]);
    });

    it("shows the words and figures of the circular", async () => {
      const all = (await run("pdftotext", [pdf, "-"])).stdout.replace(/\s+/g, "");
      for (const words of [
        CIRCULAR_DOCUMENT.title,
        "一、主要成效",
        "67处",
        "34微克/立方米",
        "抄送：市纪委",
      ]) {
        expect(all).toContain(words);
      }
      expect(pageText[0]).toMatch(/— 1 —/);
      expect(pageText[1]).toMatch(/— 2 —/);
    });

    it("sets 28 characters a line, 28.95 pt apart, page numbers on the outer side", async () => {
      const layout = (await run("pdftotext", ["-f", "2", "-l", "2", "-bbox-layout", pdf, "-"]))
        .stdout;
      const lines = [
        ...layout.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g),
      ];
      const body = lines.filter((l) => Number(l[2]) < 750);
      const pitches = body.slice(1).map((l, i) => Number(l[2]) - Number(body[i]?.[2]));
      expect(pitches.length).toBeGreaterThan(10);
      for (const pitch of pitches) expect(pitch).toBeCloseTo(28.95, 0);
      const cjkOnly =
        pageText[1]
          ?.split("\n")
          .filter((l) => [...l].every((c) => (c.codePointAt(0) ?? 0) > 0x7f)) ?? [];
      expect(Math.max(...cjkOnly.map((l) => [...l].length))).toBe(28);
      const dashX = async (page: number) => {
        const args = ["-f", String(page), "-l", String(page), "-bbox", pdf, "-"];
        const words = [
          ...(await run("pdftotext", args)).stdout.matchAll(/<word xMin="([\d.]+)"[^>]*>—</g),
        ];
        return Number(words[0]?.[1]);
      };
      expect(await dashX(1)).toBeGreaterThan(595 / 2);
      expect(await dashX(2)).toBeLessThan(595 / 2);
    });

    it("embeds distinct Song, Kai and Hei faces (the font aliases are installed)", async () => {
      const fonts = (await run("pdffonts", [pdf])).stdout.split("\n").slice(2);
      const families = new Set(
        fonts
          .map((l) => l.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, "") ?? "")
          .filter((name) => name && !/Liberation|Times/i.test(name)),
      );
      expect(families.size).toBeGreaterThanOrEqual(3);
    });

    it("writes PNGs of the first two pages", () => {
      for (const page of [1, 2]) {
        expect(statSync(join(ARTIFACTS, `circular-page-${page}.png`)).size).toBeGreaterThan(1000);
      }
    });
  },
);
