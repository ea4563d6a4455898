import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { importCampaign } from "../../campaigns/import/import-campaign.js";
import { parseCampaignFile } from "../../campaigns/parse-campaign-file.js";
import type { PrismaClient } from "../../generated/prisma/client.js";
import type { Locale } from "../../i18n/locales.js";

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The example campaign in the user's language: the product team's in English, else the
 * bureau's campaign behind the reference circular. */
export function exampleCampaignFile(locale: Locale): string {
  return join(REPO_ROOT, "examples", locale === "en" ? "product-team.yaml" : "ankang-2022-q2.yaml");
}

/**
 * Imports the example campaign, so an empty database has people to try the chat as.
 * Resolves with the file's path as the user would type it (relative to the repository).
 *
 * @throws when the file is missing or does not validate (a broken install)
 */
export async function loadExampleCampaign(options: {
  prisma: PrismaClient;
  locale: Locale;
}): Promise<{ file: string }> {
  const path = exampleCampaignFile(options.locale);
  const file = relative(REPO_ROOT, path);
  const parsed = parseCampaignFile({ text: await readFile(path, "utf8"), fileName: file });
  if (!parsed.ok) throw new Error(`${file} does not validate: ${parsed.errors[0]?.code ?? "?"}`);
  await importCampaign({ prisma: options.prisma, file: parsed.campaign, actor: "tryout" });
  return { file };
}
