/**
 * Who is looking at the dashboard, as the auth middleware decided: `local`, the user of this
 * machine (a loopback request while duban listens only on loopback, who could read the
 * database anyway), sees every campaign; `member`, a person signed in by a link from the bot
 * (`session`), only the campaigns they lead or administer, within their scope.
 */
export type DashboardViewer =
  | { kind: "local" }
  | { kind: "member"; memberId: string; session?: { id: string; name: string } };

/** The Hono environment of the dashboard's routes: the auth middleware sets `viewer`. */
export interface DashboardEnv {
  Variables: { viewer: DashboardViewer };
}
