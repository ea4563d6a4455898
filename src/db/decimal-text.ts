/** A stored decimal as canonical text: "67.000000" → "67", "3.264000" → "3.264". */
export function decimalText(value: { toString(): string }): string {
  const text = value.toString();
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
