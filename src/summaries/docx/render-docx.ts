import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
} from "docx";
import type { SummaryBlock, SummaryDocument } from "../summary-document.js";
import {
  CIRCULAR_STYLES,
  COPY_TO_RULE,
  charTwips,
  eastAsianFont,
  FONT,
  LINE_TWIPS,
  PAGE,
  RED_RULE,
  SIZE_PT,
  STYLE,
} from "./gbt9704-layout.js";
import { copyToHanging, signatureIndents } from "./text-width.js";

const HEADING = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
} as const;

const bodyChars = (chars: number) => Math.round(chars * charTwips(SIZE_PT.body));
const smallChars = (chars: number) => Math.round(chars * charTwips(SIZE_PT.small));

/** 发文机关标志, the issue number if any, and the red rule under the last of them. */
function masthead(doc: SummaryDocument): Paragraph[] {
  if (doc.issuer === undefined) return [];
  if (doc.number === undefined) {
    return [new Paragraph({ style: STYLE.issuer, text: doc.issuer, border: { bottom: RED_RULE } })];
  }
  return [
    new Paragraph({ style: STYLE.issuer, text: doc.issuer }),
    new Paragraph({ style: STYLE.number, text: doc.number, border: { bottom: RED_RULE } }),
  ];
}

function blockParagraphs(block: SummaryBlock): Paragraph[] {
  switch (block.kind) {
    case "heading":
      return [new Paragraph({ heading: HEADING[block.level], text: block.text })];
    case "paragraph":
      return [new Paragraph({ style: STYLE.body, text: block.text })];
    case "list":
      return block.items.map((item) => new Paragraph({ style: STYLE.body, text: item }));
    case "addressees":
      return [new Paragraph({ style: STYLE.addressees, text: block.text })];
    case "note":
      return [new Paragraph({ style: STYLE.note, text: block.text })];
    case "signature": {
      const indents = signatureIndents(block.issuer, block.date);
      return [
        new Paragraph({ style: STYLE.signature, text: "" }),
        new Paragraph({
          style: STYLE.signature,
          text: block.issuer,
          indent: { right: bodyChars(indents.issuer) },
          keepNext: true,
        }),
        new Paragraph({
          style: STYLE.signature,
          text: block.date,
          indent: { right: bodyChars(indents.date) },
        }),
      ];
    }
    case "copyTo": {
      const hanging = smallChars(copyToHanging(block.text));
      return [
        new Paragraph({
          style: STYLE.copyToRule,
          border: { bottom: COPY_TO_RULE },
          spacing: { before: 2 * LINE_TWIPS },
        }),
        new Paragraph({
          style: STYLE.copyTo,
          text: block.text,
          indent: { left: smallChars(1) + hanging, hanging, right: smallChars(1) },
        }),
        new Paragraph({ style: STYLE.copyToRule, border: { top: COPY_TO_RULE }, keepNext: false }),
      ];
    }
  }
}

/** "— 1 —" on the outer side: odd pages right, even pages left, one character in. */
function pageNumberFooter(side: "odd" | "even"): Footer {
  const dashes = { font: eastAsianFont(FONT.pageNumber, FONT.pageNumber) };
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.pageNumber,
        alignment: side === "odd" ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === "odd" ? { right: smallChars(1) } : { left: smallChars(1) },
        children: [
          new TextRun({ ...dashes, text: "— " }),
          new TextRun({ ...dashes, children: [PageNumber.CURRENT] }),
          new TextRun({ ...dashes, text: " —" }),
        ],
      }),
    ],
  });
}

/**
 * Lays a fully worded circular or digest out as a Word document in the format of GB/T
 * 9704-2012: A4 with the standard margins, red 发文机关标志 over a red rule, a 二号 小标宋
 * title, 三号 仿宋 body in 22 lines of 28 characters, headings in 黑体 / 楷体 / bold 仿宋,
 * 主送, the signature and date, 抄送 between rules, and "— n —" page numbers on the outer
 * side. Nothing is reworded; only packing the file is asynchronous.
 *
 * @example
 * const bytes = await renderDocx(compiled.document);
 * writeFileSync("circular.docx", bytes);
 */
export async function renderDocx(doc: SummaryDocument): Promise<Buffer> {
  const document = new Document({
    title: doc.title,
    creator: "duban",
    lastModifiedBy: "duban",
    evenAndOddHeaderAndFooters: true,
    styles: CIRCULAR_STYLES,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: PAGE.margin,
          },
        },
        footers: { default: pageNumberFooter("odd"), even: pageNumberFooter("even") },
        children: [
          ...masthead(doc),
          new Paragraph({ style: STYLE.title, text: doc.title }),
          ...doc.blocks.flatMap(blockParagraphs),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
