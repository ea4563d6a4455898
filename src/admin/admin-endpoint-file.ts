import { readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { type AdminEndpoint, ZAdminEndpoint } from "./admin-protocol.js";

/** `<DATA_DIR>/pglite.admin.json`, beside the lock `<DATA_DIR>/pglite.lock`. */
export function adminEndpointPath(dataDir: string): string {
  return `${dataDir}.admin.json`;
}

/** Writes the endpoint file readable by this user only (0600), atomically. */
export function writeAdminEndpoint(dataDir: string, endpoint: AdminEndpoint): void {
  const path = adminEndpointPath(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(endpoint), { mode: 0o600 });
  renameSync(temporary, path);
}

/** The endpoint file's content, when there is one and it parses. */
export function readAdminEndpoint(dataDir: string): AdminEndpoint | undefined {
  try {
    const parsed = ZAdminEndpoint.safeParse(
      JSON.parse(readFileSync(adminEndpointPath(dataDir), "utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the endpoint file if it is still this endpoint's (a newer process may own it). */
export function removeAdminEndpoint(dataDir: string, endpoint: AdminEndpoint): void {
  if (readAdminEndpoint(dataDir)?.token !== endpoint.token) return;
  try {
    unlinkSync(adminEndpointPath(dataDir));
  } catch {
    // Already gone.
  }
}
