import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  type IBaseParagraphStyleOptions,
  type IParagraphStyleOptions,
  type IStylesOptions,
  LineRuleType,
} from "docx";

/**
 * The page and type of GB/T 9704-2012 (党政机关公文格式) as Word measures them: A4, a text
 * block of 156 × 225 mm holding 22 lines of 28 characters of 三号 (16 pt) 仿宋.
 */
export const PAGE = {
  /** Word's A4 in twips (1/20 pt). */
  width: 11906,
  height: 16838,
  margin: {
    top: convertMillimetersToTwip(37),
    bottom: convertMillimetersToTwip(35),
    left: convertMillimetersToTwip(28),
    right: convertMillimetersToTwip(26),
    /** The page number's dash line sits 7 mm under the text block: 35 − 7 mm, less its 14 pt line. */
    footer: convertMillimetersToTwip(23),
    header: convertMillimetersToTwip(15),
  },
} as const;

/** The fonts each element is set in, named as Word documents of Chinese offices name them. */
export const FONT = {
  body: "仿宋_GB2312",
  title: "方正小标宋简体",
  heading1: "黑体",
  heading2: "楷体_GB2312",
  pageNumber: "宋体",
  latin: "Times New Roman",
} as const;

/** Sizes in points: 二号 22, 三号 16, 四号 14; the issuer's 发文机关标志 in 小初. */
export const SIZE_PT = { issuer: 36, title: 22, body: 16, small: 14 } as const;

/** Character spacing in twips: 28 characters of 16 pt − 0.25 pt fit the 156 mm line (441 pt). */
export const CHARACTER_SPACING = -5;

/** 225 mm / 22 lines = 28.95 pt, in twips, with `lineRule` exact (Word ignores `exactly`). */
export const LINE_TWIPS = 579;

/** The advance of one full-width character of a `sizePt` run, in twips. */
export function charTwips(sizePt: number): number {
  return sizePt * 20 + CHARACTER_SPACING;
}

/** A run font set for East Asian text, with Latin letters and digits in `latin`. */
export function eastAsianFont(eastAsia: string, latin: string = FONT.latin) {
  return { eastAsia, ascii: latin, hAnsi: latin, cs: latin };
}

const BLACK = "000000";
export const RED = "FF0000";

/** Paragraph style ids of the circular. */
export const STYLE = {
  body: "GbBody",
  issuer: "GbIssuer",
  number: "GbNumber",
  title: "GbTitle",
  addressees: "GbAddressees",
  signature: "GbSignature",
  copyTo: "GbCopyTo",
  copyToRule: "GbCopyToRule",
  note: "GbNote",
  pageNumber: "GbPageNumber",
} as const;

const exactLines = (lines = 1) => ({ line: LINE_TWIPS * lines, lineRule: LineRuleType.EXACT });

function heading(font: string, bold: boolean, outlineLevel: number): IBaseParagraphStyleOptions {
  return {
    run: { font: eastAsianFont(font), size: SIZE_PT.body * 2, bold, color: BLACK },
    paragraph: {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 2 * charTwips(SIZE_PT.body) },
      spacing: { ...exactLines(), before: 0, after: 0 },
      keepNext: true,
      outlineLevel,
    },
  };
}

/** The rule under the issuer line: red, as wide as the text block. */
export const RED_RULE = { style: BorderStyle.SINGLE, size: 12, color: RED, space: 8 } as const;

/** 版记's rules, as wide as the text block: 0.35 mm (about 1 pt, in eighths of a point). */
export const COPY_TO_RULE = { style: BorderStyle.SINGLE, size: 8, color: BLACK, space: 4 } as const;

const paragraphStyles: IParagraphStyleOptions[] = [
  {
    id: STYLE.body,
    name: "GB Body",
    basedOn: "Normal",
    quickFormat: true,
    paragraph: {
      alignment: AlignmentType.JUSTIFIED,
      indent: { firstLine: 2 * charTwips(SIZE_PT.body) },
    },
  },
  {
    id: STYLE.issuer,
    name: "GB Issuer",
    basedOn: "Normal",
    next: STYLE.title,
    run: { font: eastAsianFont(FONT.title), size: SIZE_PT.issuer * 2, color: RED },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { line: SIZE_PT.issuer * 20 * 1.3, lineRule: LineRuleType.EXACT, after: LINE_TWIPS },
    },
  },
  {
    id: STYLE.number,
    name: "GB Number",
    basedOn: "Normal",
    paragraph: { alignment: AlignmentType.CENTER },
  },
  {
    id: STYLE.title,
    name: "GB Title",
    basedOn: "Normal",
    next: STYLE.addressees,
    run: { font: eastAsianFont(FONT.title), size: SIZE_PT.title * 2 },
    paragraph: {
      alignment: AlignmentType.CENTER,
      spacing: { ...exactLines(), before: 2 * LINE_TWIPS, after: LINE_TWIPS },
    },
  },
  {
    id: STYLE.addressees,
    name: "GB Addressees",
    basedOn: "Normal",
    next: STYLE.body,
    paragraph: { alignment: AlignmentType.LEFT, indent: { firstLine: 0, left: 0 } },
  },
  {
    id: STYLE.signature,
    name: "GB Signature",
    basedOn: "Normal",
    paragraph: { alignment: AlignmentType.RIGHT },
  },
  {
    id: STYLE.copyTo,
    name: "GB Copy To",
    basedOn: "Normal",
    run: { size: SIZE_PT.small * 2 },
    paragraph: { alignment: AlignmentType.JUSTIFIED, keepNext: true, keepLines: true },
  },
  {
    // An empty, 2 pt high paragraph carrying a rule: paragraph borders follow the paragraph's
    // indents, and 抄送's text is indented one character while its rules are not.
    id: STYLE.copyToRule,
    name: "GB Copy To Rule",
    basedOn: "Normal",
    run: { size: 2 },
    paragraph: { spacing: { line: 40, lineRule: LineRuleType.EXACT }, keepNext: true },
  },
  {
    id: STYLE.note,
    name: "GB Note",
    basedOn: STYLE.body,
    run: { italics: true },
  },
  {
    id: STYLE.pageNumber,
    name: "GB Page Number",
    basedOn: "Normal",
    run: { font: eastAsianFont(FONT.pageNumber, FONT.pageNumber), size: SIZE_PT.small * 2 },
    paragraph: { spacing: { line: SIZE_PT.small * 20, lineRule: LineRuleType.EXACT } },
  },
];

/**
 * The document's styles: the defaults are the body (仿宋_GB2312 三号, exact 28.95 pt lines,
 * 28 characters a line); headings 1–3 are 黑体, 楷体_GB2312 and bold 仿宋_GB2312 at the body's
 * size, in black (docx's defaults colour headings 1–6, captions and hyperlinks blue, so all are reset).
 */
export const CIRCULAR_STYLES: IStylesOptions = {
  default: {
    document: {
      run: {
        font: eastAsianFont(FONT.body),
        size: SIZE_PT.body * 2,
        characterSpacing: CHARACTER_SPACING,
        color: BLACK,
        language: { value: "en-US", eastAsia: "zh-CN" },
      },
      paragraph: { spacing: { ...exactLines(), before: 0, after: 0 } },
    },
    heading1: heading(FONT.heading1, false, 0),
    heading2: heading(FONT.heading2, false, 1),
    heading3: heading(FONT.body, true, 2),
    heading4: { run: { color: BLACK } },
    heading5: { run: { color: BLACK } },
    heading6: { run: { color: BLACK } },
    title: { run: { font: eastAsianFont(FONT.title), size: SIZE_PT.title * 2, color: BLACK } },
    caption: { run: { italics: true, size: 18, color: BLACK } },
    hyperlink: { run: { color: BLACK } },
  },
  paragraphStyles,
};
