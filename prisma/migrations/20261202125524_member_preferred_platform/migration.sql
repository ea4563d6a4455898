-- AlterTable
ALTER TABLE "CampaignMember" ADD COLUMN     "preferredPlatform" "Platform";
