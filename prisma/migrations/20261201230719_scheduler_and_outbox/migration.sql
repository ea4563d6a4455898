-- AlterEnum
ALTER TYPE "JobRunState" ADD VALUE 'missed';

-- AlterEnum
ALTER TYPE "OutboxState" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "ChatIdentity" ADD COLUMN     "unreachableAt" TIMESTAMP(3),
ADD COLUMN     "unreachableReason" TEXT;

-- AlterTable
ALTER TABLE "JobRun" ADD COLUMN     "attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lockedBy" TEXT,
ADD COLUMN     "lockedUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "quietHours" TEXT;

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "claimToken" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "firstAttemptAt" TIMESTAMP(3),
ADD COLUMN     "partsSent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "platformMessageIds" JSONB,
ADD COLUMN     "reportedAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "OutboxMessage_platform_recipient_state_idx" ON "OutboxMessage"("platform", "recipient", "state");
