import type { MiddlewareHandler } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCampaign } from "../../src/campaigns/import/import-campaign.js";
import { createDashboardRoutes } from "../../src/dashboard/dashboard-routes.js";
import type { DashboardEnv, DashboardViewer } from "../../src/dashboard/dashboard-viewer.js";
import type { Database } from "../../src/db/open-database.js";
import { issueWeeklyDigest } from "../../src/publications/issue-digest.js";
import { loadCampaignFile, PRODUCT_EXAMPLE } from "../support/campaign-files.js";
import { ChatDriver } from "../support/chat-driver.js";
import { createTestDatabase, TEST_DATABASE_KIND } from "../support/test-database.js";

// Thursday 2027-06-10 16:00 in London: week 2027-W23 has been prompted (Thursday 15:00).
const THURSDAY = new Date("2027-06-10T15:00:00Z");
const TOM = "700000004";
const CAMPAIGN = "/dashboard/c/product-2027";

/** The product example, with Telegram accounts and James in charge of Engineering only. */
function productCampaign() {
  const file = loadCampaignFile(PRODUCT_EXAMPLE);
  for (const member of file.members) {
    if (member.key === "tom") member.telegram = TOM;
    if (member.key === "james") member.scope = { tasks: [], units: ["engineering"] };
  }
  return file;
}

describe(`the leaders' dashboard pages (${TEST_DATABASE_KIND})`, () => {
  let database: Database;
  const ids = new Map<string, string>();

  /** The routes as a viewer sees them: the test's middleware stands in for sign-in. */
  const as = (viewer: DashboardViewer) => {
    const auth: MiddlewareHandler<DashboardEnv> = async (c, next) => {
      c.set("viewer", viewer);
      await next();
    };
    return createDashboardRoutes({
      prisma: database.prisma,
      auth,
      now: () => THURSDAY,
      locale: "en",
    });
  };
  const member = (key: string): DashboardViewer => ({
    kind: "member",
    memberId: ids.get(key) ?? "",
  });
  const local: DashboardViewer = { kind: "local" };

  beforeAll(async () => {
    database = await createTestDatabase();
    await importCampaign({ prisma: database.prisma, file: productCampaign() });
    for (const row of await database.prisma.member.findMany()) ids.set(row.key, row.id);

    // Tom reports task 1 through the core, as in the chat.
    const tom = new ChatDriver({ prisma: database.prisma, userId: TOM, now: () => THURSDAY });
    await tom.command("report");
    await tom.send("Launched the <b>referral</b> page");
    await tom.tap("done");
    await tom.send("420");
    await tom.send("38");
    await tom.tap("st:on_track");
    await tom.tap("skip");
    await tom.tap("skip");
    await tom.tap("submit");
    expect(tom.text()).toContain("Submitted task 1");

    const campaign = await database.prisma.campaign.findFirstOrThrow();
    await issueWeeklyDigest(database.prisma, {
      campaignId: campaign.id,
      week: "2027-W23",
      now: THURSDAY,
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("sends the local viewer straight to the only campaign, keeping the language", async () => {
    const response = await as(local).request("/dashboard?lang=zh-CN");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${CAMPAIGN}?lang=zh-CN`);
  });

  it("shows the campaign at a glance: lights, charts as SVG images, missing by unit, deadlines", async () => {
    const response = await as(local).request(CAMPAIGN);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const page = await response.text();
    expect(page).toContain('<html lang="en">');
    expect(page).toContain("Week 2027-W23 · as of 2027-06-10");
    expect(page).toContain("1. Grow self-serve sign-ups");
    expect(page).toContain("1/1 reported this week");
    expect(page).toContain("latest status: on track");
    expect(page).not.toContain("<script");
    const images = [...page.matchAll(/src="data:image\/svg\+xml;base64,([^"]+)"/g)];
    // The submission rate and the two metrics Tom reported.
    expect(images.length).toBe(3);
    const svg = Buffer.from(images[0]?.[1] ?? "", "base64").toString("utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(page).toContain("1. New sign-ups: 420 (target 12000)");
    expect(page).toContain("1. Activation rate: 38% (target 45%)");
    expect(page).toMatch(/<dt>Engineering<\/dt><dd>Aisha Khan \(task 2, 4\)<\/dd>/);
    expect(page).toContain("<dt>Product</dt><dd>Tom Fletcher (task 3)</dd>");
    expect(page).toContain("Q2 review");
    expect(page).toContain(`href="${CAMPAIGN}/circular/2027Q2"`);
  });

  it("speaks Chinese with ?lang=zh-CN", async () => {
    const page = await (await as(local).request(`${CAMPAIGN}?lang=zh-CN`)).text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain("任务总览");
    expect(page).toContain("本周报送 1/1");
  });

  it("previews the circular and serves its Word document without saving a draft", async () => {
    const before = await database.prisma.publication.count();
    const olivia = as(member("olivia"));
    const preview = await olivia.request(`${CAMPAIGN}/circular/2027Q2`);
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain('class="document"');
    expect(page).toContain("Grow self-serve sign-ups");
    const docx = await olivia.request(`${CAMPAIGN}/circular/2027Q2.docx`);
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-disposition")).toContain("product-2027-2027Q2-preview.docx");
    const bytes = Buffer.from(await docx.arrayBuffer());
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    expect(await database.prisma.publication.count()).toBe(before);
    expect((await olivia.request(`${CAMPAIGN}/circular/2027Q9`)).status).toBe(404);
  });

  it("lists the issued digests and shows one as it was posted", async () => {
    const list = await (await as(member("priya")).request(`${CAMPAIGN}/digests`)).text();
    expect(list).toContain("No. 1 · week 2027-W23 · issued 2027-06-10");
    const digest = await as(member("priya")).request(`${CAMPAIGN}/digests/2027-W23`);
    expect(digest.status).toBe(200);
    expect(await digest.text()).toContain(
      "<h3>I. Reports</h3><p>7 reports expected this week: 1 submitted",
    );
    expect((await as(member("priya")).request(`${CAMPAIGN}/digests/2027-W22`)).status).toBe(404);
  });

  it("shows a scoped leader only the tasks in their charge, and not the circular", async () => {
    const james = as(member("james"));
    const page = await (await james.request(CAMPAIGN)).text();
    expect(page).toContain("You see the tasks in your charge.");
    expect(page).toContain("2. Make the public API faster and steadier");
    expect(page).not.toContain("Grow self-serve sign-ups");
    expect(page).not.toContain("Tom Fletcher");
    expect(page).not.toContain("/circular/2027Q2");
    expect((await james.request(`${CAMPAIGN}/circular/2027Q2`)).status).toBe(403);
    expect((await james.request(`${CAMPAIGN}/circular/2027Q2.docx`)).status).toBe(403);
    expect((await james.request(`${CAMPAIGN}/digests`)).status).toBe(403);
  });

  it("refuses staff with a 403 page, and a member never learns of other campaigns", async () => {
    const tom = as(member("tom"));
    for (const path of [
      "/dashboard",
      CAMPAIGN,
      `${CAMPAIGN}/circular/2027Q2`,
      "/dashboard/c/nope",
    ]) {
      const response = await tom.request(path);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toContain("for a campaign&#39;s leaders and admins");
    }
    expect((await as(local).request("/dashboard/c/nope")).status).toBe(404);
  });

  it("serves its stylesheet, and nothing else from disk", async () => {
    const css = await as(local).request("/dashboard/assets/dashboard.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect((await as(local).request("/dashboard/assets/..%2Fdashboard-routes.ts")).status).toBe(
      404,
    );
  });
});
