/**
 * The width of `text` in full-width characters, as GB/T 9704 counts 空二字 and 右移二字:
 * ASCII letters, digits and spaces (set in a Latin font) count half, everything else one.
 *
 * @example textWidth("2022年6月30日") // 6.5
 */
export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += code < 0x80 ? 0.5 : 1;
  }
  return width;
}

/** Right indents of 发文机关署名 and 成文日期, in characters. */
export interface SignatureIndents {
  issuer: number;
  date: number;
}

/**
 * Where an unsealed document's signature goes (GB/T 9704-2012 7.3.5.2): the issuer 右空二字,
 * the date on the next line starting two characters right of the issuer's first character;
 * when the date is the longer, the date 右空二字 and the issuer moves left to keep the offset.
 *
 * @example signatureIndents("安康市生态环境局", "2022年6月30日") // { issuer: 2, date: 1.5 }
 */
export function signatureIndents(issuer: string, date: string): SignatureIndents {
  const issuerWidth = textWidth(issuer);
  const dateWidth = textWidth(date);
  if (dateWidth <= issuerWidth) return { issuer: 2, date: issuerWidth - dateWidth };
  return { issuer: 4 + dateWidth - issuerWidth, date: 2 };
}

/**
 * The hanging indent of a 抄送 line, in characters: lines after the first align with the
 * first character after its colon (GB/T 9704-2012 8.2); none when it has no colon.
 */
export function copyToHanging(text: string): number {
  const colon = text.search(/[：:]/);
  return colon < 0 ? 0 : textWidth(text.slice(0, colon + 1));
}
