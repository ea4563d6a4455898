-- CreateEnum
CREATE TYPE "MetricReporter" AS ENUM ('every_owner', 'lead_owner');

-- CreateEnum
CREATE TYPE "MetricSpan" AS ENUM ('weekly', 'cumulative');

-- CreateEnum
CREATE TYPE "PublicationKind" AS ENUM ('digest', 'circular');

-- CreateEnum
CREATE TYPE "PublicationState" AS ENUM ('draft', 'issued', 'superseded');

-- AlterTable
ALTER TABLE "CampaignMember" ADD COLUMN     "role" "MemberRole" NOT NULL DEFAULT 'staff',
ADD COLUMN     "scope" JSONB;

-- Roles move to the campaign: each membership takes the role its member had
UPDATE "CampaignMember" AS cm SET "role" = m."role" FROM "Member" AS m WHERE m."id" = cm."memberId";

-- AlterTable
ALTER TABLE "Member" DROP COLUMN "role";

-- AlterTable
ALTER TABLE "Metric" ADD COLUMN     "baseline" DECIMAL(20,6),
ADD COLUMN     "reportedBy" "MetricReporter" NOT NULL DEFAULT 'every_owner',
ADD COLUMN     "span" "MetricSpan" NOT NULL DEFAULT 'weekly';

-- CreateTable
CREATE TABLE "Publication" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "kind" "PublicationKind" NOT NULL,
    "period" TEXT NOT NULL,
    "number" INTEGER,
    "version" INTEGER NOT NULL,
    "state" "PublicationState" NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "staleSince" TIMESTAMP(3),
    "issuedBy" UUID,
    "issuedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicationPost" (
    "id" UUID NOT NULL,
    "publicationId" UUID NOT NULL,
    "channelKey" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "chatId" TEXT NOT NULL,
    "outboxKey" TEXT NOT NULL,
    "editCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublicationPost_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Publication_campaignId_kind_state_idx" ON "Publication"("campaignId", "kind", "state");

-- CreateIndex
CREATE INDEX "Publication_staleSince_idx" ON "Publication"("staleSince");

-- CreateIndex
CREATE UNIQUE INDEX "Publication_campaignId_kind_period_version_key" ON "Publication"("campaignId", "kind", "period", "version");

-- CreateIndex
CREATE UNIQUE INDEX "PublicationPost_publicationId_channelKey_key" ON "PublicationPost"("publicationId", "channelKey");

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicationPost" ADD CONSTRAINT "PublicationPost_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
