import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "page");

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
};

/** A file of the chat page: its text and the `Content-Type` to serve it with. */
export interface PageAsset {
  text: string;
  contentType: string;
}

/** Only these names are served: a request never turns into an arbitrary path on disk. */
const ASSET_NAME = /^[a-z][a-z0-9-]*\.(html|css|js)$/;

const cache = new Map<string, Promise<PageAsset | undefined>>();

/**
 * A file of `src/platforms/web/page/` by name (`chat.js`), read once and kept in memory; the
 * page is a handful of small files that change only with duban itself. Undefined for a name
 * that is not a page file.
 */
export function pageAsset(name: string): Promise<PageAsset | undefined> {
  const extension = ASSET_NAME.exec(name)?.[1];
  if (!extension) return Promise.resolve(undefined);
  let asset = cache.get(name);
  if (!asset) {
    asset = readFile(join(PAGE_DIR, name), "utf8").then(
      (text) => ({ text, contentType: CONTENT_TYPES[extension] ?? "text/plain; charset=utf-8" }),
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      },
    );
    cache.set(name, asset);
  }
  return asset;
}
