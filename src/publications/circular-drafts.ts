import { leadsCampaign } from "../commands/campaign-roles.js";
import type { Reply } from "../core/reply.js";
import type { Prisma } from "../generated/prisma/client.js";
import { normaliseLocale } from "../i18n/locales.js";
import { t } from "../i18n/translate.js";
import { compileCircular } from "../summaries/compile-circular.js";
import { renderDocx } from "../summaries/docx/render-docx.js";
import { loadQuarterInput } from "../summaries/load-summary-input.js";
import type { CompiledCircular } from "../summaries/summary-document.js";
import { postToChannel, publicationChannels } from "./publication-channels.js";
import { contentHash, documentMessage } from "./publication-content.js";

type Tx = Prisma.TransactionClient;

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** A circular draft as leaders review it: its version, the compiled circular and its DOCX. */
export interface CircularDraft {
  publicationId: string;
  version: number;
  state: "draft" | "issued";
  /** 第N期, when `state` is issued. */
  number?: number;
  compiled: CompiledCircular;
  docx: Buffer;
}

/** The outcome of approving a draft. */
export type ApproveOutcome =
  | { kind: "issued"; number: number; channels: number }
  | { kind: "alreadyIssued"; number: number }
  | { kind: "superseded"; latestVersion: number }
  | { kind: "notFound" };

/**
 * A circular's Word document as a file reply, named `<campaign>-2022Q2-<label>.docx`
 * (`…-草稿第3版.docx`, `…-第2期.docx` once issued).
 */
export function circularDocxReply(options: {
  campaignKey: string;
  quarter: string;
  label: string;
  caption: string;
  docx: Buffer;
}): Reply {
  return {
    kind: "file",
    fileName: `${options.campaignKey}-${options.quarter}-${options.label}.docx`,
    mimeType: DOCX_MIME,
    base64: options.docx.toString("base64"),
    caption: [{ text: options.caption }],
  };
}

/**
 * The draft circular of a quarter, compiled from what is stored now, in the campaign's own
 * language (an official document does not follow the reader's). When the compiled content is
 * what the latest version already holds, that version is returned (a draft, or the issued
 * circular); otherwise a new draft version is saved and the older draft superseded. An issued
 * circular is never changed: a report edited after approval makes a new draft version.
 */
export async function draftCircular(
  tx: Tx,
  options: { campaignId: string; quarter: string; now: Date },
): Promise<CircularDraft> {
  const input = await loadQuarterInput(tx, {
    campaignId: options.campaignId,
    quarter: options.quarter,
  });
  const compiled = compileCircular(input, { quarter: options.quarter });
  const hash = contentHash(compiled);
  const latest = await tx.publication.findFirst({
    where: { campaignId: options.campaignId, kind: "circular", period: options.quarter },
    orderBy: { version: "desc" },
  });
  if (latest && latest.contentHash === hash && latest.state !== "superseded") {
    const stored = latest.content as unknown as CompiledCircular;
    return {
      publicationId: latest.id,
      version: latest.version,
      ...(latest.state === "issued"
        ? { state: "issued", number: latest.number ?? 0 }
        : { state: "draft" }),
      compiled: stored,
      docx: await renderDocx(stored.document),
    };
  }
  await tx.publication.updateMany({
    where: {
      campaignId: options.campaignId,
      kind: "circular",
      period: options.quarter,
      state: "draft",
    },
    data: { state: "superseded" },
  });
  const version = (latest?.version ?? 0) + 1;
  const draft = await tx.publication.create({
    data: {
      campaignId: options.campaignId,
      kind: "circular",
      period: options.quarter,
      version,
      state: "draft",
      content: compiled as unknown as Prisma.InputJsonValue,
      contentHash: hash,
    },
  });
  return {
    publicationId: draft.id,
    version,
    state: "draft",
    compiled,
    docx: await renderDocx(compiled.document),
  };
}

/**
 * Approves a draft circular: freezes exactly the version the leader reviewed as an issued
 * publication numbered 第N期 (counted per campaign), and posts it — the text and the DOCX —
 * to the leadership channels through the outbox. Only a leader or admin of the campaign may;
 * anyone else is told it was not found. An older version than the latest is superseded.
 */
export async function approveCircular(
  tx: Tx,
  options: { publicationId: string; memberId: string; now: Date },
): Promise<ApproveOutcome> {
  const publication = await tx.publication.findUnique({
    where: { id: options.publicationId },
    include: { campaign: true },
  });
  if (publication?.kind !== "circular") return { kind: "notFound" };
  if (!(await leadsCampaign(tx, options.memberId, publication.campaignId))) {
    return { kind: "notFound" };
  }
  if (publication.state === "issued") {
    return { kind: "alreadyIssued", number: publication.number ?? 0 };
  }
  const latest = await tx.publication.findFirst({
    where: { campaignId: publication.campaignId, kind: "circular", period: publication.period },
    orderBy: { version: "desc" },
    select: { version: true },
  });
  if (publication.state === "superseded" || (latest && latest.version > publication.version)) {
    return { kind: "superseded", latestVersion: latest?.version ?? publication.version };
  }
  // Taken with a conditional write: two leaders approving at once issue it once.
  const issuedBefore = await tx.publication.aggregate({
    where: { campaignId: publication.campaignId, kind: "circular", state: "issued" },
    _max: { number: true },
  });
  const number = (issuedBefore._max.number ?? 0) + 1;
  const locale = normaliseLocale(publication.campaign.defaultLocale) ?? "zh-CN";
  const draft = publication.content as unknown as CompiledCircular;
  const issued: CompiledCircular = {
    ...draft,
    document: { ...draft.document, number: t(locale, "publication.circularNumber", { number }) },
  };
  const taken = await tx.publication.updateMany({
    where: { id: publication.id, state: "draft" },
    data: {
      state: "issued",
      number,
      issuedBy: options.memberId,
      issuedAt: options.now,
      content: issued as unknown as Prisma.InputJsonValue,
    },
  });
  if (taken.count === 0) {
    const now = await tx.publication.findUniqueOrThrow({ where: { id: publication.id } });
    return { kind: "alreadyIssued", number: now.number ?? 0 };
  }
  const docx = await renderDocx(issued.document);
  const channels = await publicationChannels(tx, publication.campaignId, "circular");
  for (const channel of channels) {
    await postToChannel(tx, {
      publicationId: publication.id,
      campaignId: publication.campaignId,
      channel,
      replies: [
        documentMessage(issued.document),
        circularDocxReply({
          campaignKey: publication.campaign.key,
          quarter: publication.period,
          label: t(locale, "publication.circularFileLabel", { number }),
          caption: issued.document.title,
          docx,
        }),
      ],
      now: options.now,
    });
  }
  await tx.auditEvent.create({
    data: {
      actor: `member:${options.memberId}`,
      action: "circular.issued",
      entity: "publication",
      entityId: publication.id,
      campaignId: publication.campaignId,
      after: { period: publication.period, version: publication.version, number },
    },
  });
  return { kind: "issued", number, channels: channels.length };
}
