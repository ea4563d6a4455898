import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";
import { importCampaign } from "../../campaigns/import/import-campaign.js";
import { parseCampaignFile } from "../../campaigns/parse-campaign-file.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Locale } from "../../i18n/locales.js";
import { tryoutCampaign } from "./tryout-campaign.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The example campaign in the user's language: the product team's in English, else the
 * bureau's campaign behind the reference circular. */
export function exampleCampaignFile(locale: Locale): string {
  return join(REPO_ROOT, "examples", locale === "en" ? "product-team.yaml" : "ankang-2022-q2.yaml");
}

/**
 * Imports the example campaign as the try-out uses it (see `tryoutCampaign`: its dates in
 * the current year when it is of an earlier one, its week open all week, nobody bound on another platform), so an empty
 * database has people to try the chat as. Resolves with the file's path as the user would
 * type it (relative to the repository) and the year its dates were moved to.
 *
 * @throws when the file is missing or does not validate (a broken install)
 */
export async function loadExampleCampaign(options: {
  prisma: PrismaClient;
  locale: Locale;
  now: Date;
}): Promise<{ file: string; year: number }> {
  const path = exampleCampaignFile(options.locale);
  const file = relative(REPO_ROOT, path);
  const source = await readFile(path, "utf8");
  // The example as shipped, validated and typed, gives its year and time zone.
  const shipped = validated(source, file);
  const { year: campaignYear, timeZone } = shipped.campaign;
  // Not before this year: a past campaign comes forward, a future one keeps its dates ahead.
  const year = Math.max(yearIn(timeZone, options.now), campaignYear);
  const moved = stringify(tryoutCampaign(parse(source, { schema: "core" }), { year }));
  const campaign = validated(moved, file);
  await importCampaign({ prisma: options.prisma, file: campaign, actor: "tryout" });
  return { file, year };
}

function validated(text: string, file: string) {
  const parsed = parseCampaignFile({ text, fileName: file });
  if (!parsed.ok) throw new Error(`${file} does not validate: ${parsed.errors[0]?.code ?? "?"}`);
  return parsed.campaign;
}

function yearIn(timeZone: string, now: Date): number {
  return Number(new Intl.DateTimeFormat("en", { timeZone, year: "numeric" }).format(now));
}
