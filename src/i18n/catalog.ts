import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { DEFAULT_LOCALE, type Locale, SUPPORTED_LOCALES } from "./locales.js";

/** Flat map of `namespace.key.path` → template text. */
export type Catalog = ReadonlyMap<string, string>;

const PROMPTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "prompts");

function flatten(prefix: string, value: unknown, into: Map<string, string>): void {
  if (typeof value === "string") {
    into.set(prefix, value);
    return;
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(prefix ? `${prefix}.${key}` : key, child, into);
    }
    return;
  }
  throw new Error(`prompt ${prefix} must be a string or a mapping`);
}

/**
 * Reads every `prompts/<locale>/<namespace>.yaml` into one flat catalog; the file
 * name is the first segment of each key (`cli.yaml` → `cli.…`).
 */
export function loadCatalog(locale: Locale, promptsDir: string = PROMPTS_DIR): Catalog {
  const dir = join(promptsDir, locale);
  const catalog = new Map<string, string>();
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".yaml")) continue;
    const namespace = basename(file, ".yaml");
    flatten(namespace, parse(readFileSync(join(dir, file), "utf8")), catalog);
  }
  return catalog;
}

const cache = new Map<Locale, Catalog>();

/** The catalog of a locale, loaded once per process. */
export function catalogFor(locale: Locale): Catalog {
  let catalog = cache.get(locale);
  if (!catalog) {
    catalog = loadCatalog(locale);
    cache.set(locale, catalog);
  }
  return catalog;
}

export function allCatalogs(): Map<Locale, Catalog> {
  return new Map(SUPPORTED_LOCALES.map((locale) => [locale, catalogFor(locale)]));
}

export { DEFAULT_LOCALE };
