import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "assets");

/** Only stylesheets by plain name: a request never turns into another path on disk. */
const ASSET_NAME = /^[a-z][a-z0-9-]*\.css$/;

const cache = new Map<string, Promise<string | undefined>>();

/**
 * A stylesheet of `src/dashboard/assets/` by name, read once and kept: it changes only with
 * duban itself. Undefined for any other name.
 */
export function dashboardAsset(name: string): Promise<string | undefined> {
  if (!ASSET_NAME.test(name)) return Promise.resolve(undefined);
  let asset = cache.get(name);
  if (!asset) {
    asset = readFile(join(ASSETS_DIR, name), "utf8").catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    });
    cache.set(name, asset);
  }
  return asset;
}
