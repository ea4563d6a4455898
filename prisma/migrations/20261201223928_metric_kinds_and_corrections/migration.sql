-- CreateEnum
CREATE TYPE "MetricKind" AS ENUM ('count', 'amount', 'ratio', 'index');

-- AlterTable
ALTER TABLE "Metric" ADD COLUMN     "kind" "MetricKind" NOT NULL DEFAULT 'amount',
ADD COLUMN     "maxValue" DECIMAL(20,6),
ADD COLUMN     "minValue" DECIMAL(20,6);

-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "correctedLate" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pendingAnswers" JSONB,
ADD COLUMN     "revisedAt" TIMESTAMP(3);

-- Existing rows: a metric that is summed counts things, and a submitted report was last revised when it was submitted.
UPDATE "Metric" SET "kind" = 'count' WHERE "aggregation" = 'sum';
UPDATE "Report" SET "revisedAt" = "submittedAt" WHERE "submittedAt" IS NOT NULL;
