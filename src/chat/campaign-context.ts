import { z } from "zod";
import type { QuestionOverrides } from "../campaigns/campaign-file-schema.js";
import { ZCampaignSchedule, ZQuestionOverrides } from "../campaigns/campaign-file-schema.js";
import { chineseOfficialHolidays } from "../domain/official-holidays.js";
import { Prisma } from "../generated/prisma/client.js";
import { planningCalendar } from "../scheduling/planning-calendar.js";
import type { PeriodSchedule } from "../scheduling/scheduled-period.js";

type Tx = Prisma.TransactionClient;

/**
 * What the conversation needs of a campaign, parsed from its stored JSON: its schedule and
 * working days, from which `scheduledPeriodAt` gives the reporting week and its close.
 */
export interface CampaignContext extends PeriodSchedule {
  id: string;
  key: string;
  title: string;
  questions: QuestionOverrides;
}

/**
 * A fingerprint of everything a `CampaignContext` is built from (the campaign's key, title,
 * time zone, schedule and questions, and its calendar days), computed by the database from
 * the rows themselves. Any change by any writer (an import from the command line, another
 * instance, a calendar-only edit) changes it, so a context cached under it is never stale.
 *
 * @param campaign the SQL alias of the `Campaign` row
 */
export function campaignStampSql(campaign: string): Prisma.Sql {
  const c = Prisma.raw(`${campaign}.`);
  return Prisma.sql`md5(json_build_array(${c}"key", ${c}"title", ${c}"timeZone", ${c}"schedule",
    ${c}"questions",
    (SELECT json_agg(json_build_array(to_char(d."date", 'YYYY-MM-DD'), d."kind", d."name")
                     ORDER BY d."date")
       FROM "CalendarDay" d WHERE d."campaignId" = ${c}"id"))::text)`;
}

/** A json column as a driver hands it over: parsed already, or its text. */
export const jsonValue = (value: unknown) =>
  typeof value === "string" ? JSON.parse(value) : value;

const ZContextRow = z.object({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  timeZone: z.string(),
  schedule: z.preprocess(jsonValue, z.record(z.string(), z.unknown())),
  questions: z.preprocess(jsonValue, z.unknown()),
  days: z.preprocess(
    jsonValue,
    z
      .array(
        z.object({
          date: z.string(),
          kind: z.enum(["holiday", "workday"]),
          name: z.string().nullable(),
        }),
      )
      .nullable(),
  ),
  stamp: z.string(),
});

/** Contexts built, by campaign id, with the stamp of the rows they were built from. */
const cache = new Map<string, { stamp: string; context: CampaignContext }>();
const CACHE_LIMIT = 64;

/**
 * The campaign's context. Given the campaign's current stamp (read earlier in the same
 * transaction, see `campaignStampSql`), a context built from exactly those rows is reused
 * without a statement; otherwise it is loaded, with its stamp, in one statement.
 */
export async function loadCampaignContext(
  tx: Tx,
  campaignId: string,
  options: { stamp?: string | undefined } = {},
): Promise<CampaignContext> {
  const cached = cache.get(campaignId);
  if (cached && options.stamp !== undefined && cached.stamp === options.stamp) {
    return cached.context;
  }
  const rows = await tx.$queryRaw<unknown[]>`
    SELECT c."id"::text AS "id", c."key", c."title", c."timeZone", c."schedule", c."questions",
           (SELECT json_agg(json_build_object('date', to_char(d."date", 'YYYY-MM-DD'),
                                              'kind', d."kind", 'name', d."name")
                            ORDER BY d."date")
              FROM "CalendarDay" d WHERE d."campaignId" = c."id") AS "days",
           ${campaignStampSql("c")} AS "stamp"
      FROM "Campaign" c WHERE c."id" = ${campaignId}::uuid`;
  if (rows.length === 0) {
    throw new Prisma.PrismaClientKnownRequestError("No Campaign found", {
      code: "P2025",
      clientVersion: Prisma.prismaVersion.client,
    });
  }
  const row = ZContextRow.parse(rows[0]);
  const context = buildContext(row);
  cache.delete(campaignId);
  cache.set(campaignId, { stamp: row.stamp, context });
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return context;
}

function buildContext(row: z.infer<typeof ZContextRow>): CampaignContext {
  const schedule = ZCampaignSchedule.parse({ ...row.schedule, quarterly: [] });
  const questions = ZQuestionOverrides.safeParse(row.questions ?? {});
  const days = (kind: "holiday" | "workday") =>
    (row.days ?? [])
      .filter((day) => day.kind === kind)
      .map((day) => ({ date: day.date, ...(day.name ? { name: day.name } : {}) }));
  const holidays = { extra: days("holiday"), workdays: days("workday") };
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    timeZone: row.timeZone,
    schedule,
    calendar: planningCalendar({ schedule, holidays }, chineseOfficialHolidays()),
    questions: questions.success ? questions.data : {},
  };
}

/** The active campaigns in which the member owns at least one active task. */
export async function reportableCampaigns(tx: Tx, memberId: string) {
  return tx.campaign.findMany({
    where: {
      archivedAt: null,
      members: { some: { memberId, archivedAt: null } },
      tasks: { some: { archivedAt: null, owners: { some: { memberId } } } },
    },
    select: { id: true, key: true, title: true },
    orderBy: { key: "asc" },
  });
}
