/**
 * A value with its unit as the flow shows it: "67 处", "34 微克/立方米", but "100%" and
 * "3‰", which are written without a space in both languages.
 *
 * @example formatQuantity("67", "处") // "67 处"
 */
export function formatQuantity(value: string, unit: string | undefined): string {
  if (!unit) return value;
  return /^[%‰°℃]/.test(unit) ? `${value}${unit}` : `${value} ${unit}`;
}
