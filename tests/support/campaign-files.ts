import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CampaignFile } from "../../src/campaigns/campaign-file-schema.js";
import { parseCampaignFile } from "../../src/campaigns/parse-campaign-file.js";

export const EXAMPLES_DIR = join(import.meta.dirname, "..", "..", "examples");
export const REFERENCE_EXAMPLE = join(EXAMPLES_DIR, "ankang-2022-q2.yaml");
export const PRODUCT_EXAMPLE = join(EXAMPLES_DIR, "product-team.yaml");

/** Parses a campaign file that must be valid; fails the test with its errors otherwise. */
export function loadCampaignFile(path: string): CampaignFile {
  return parseCampaignText(readFileSync(path, "utf8"), path);
}

export function parseCampaignText(text: string, fileName = "campaign.yaml"): CampaignFile {
  const result = parseCampaignFile({ text, fileName });
  if (!result.ok) {
    throw new Error(`${fileName} is invalid: ${JSON.stringify(result.errors, null, 2)}`);
  }
  return result.campaign;
}
