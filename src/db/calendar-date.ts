/** `YYYY-MM-DD` → the Date Prisma stores in a `@db.Date` column (UTC midnight). */
export function dateColumn(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** A `@db.Date` column back to `YYYY-MM-DD`. */
export function dateText(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function optionalDateColumn(date: string | undefined): Date | null {
  return date === undefined ? null : dateColumn(date);
}
