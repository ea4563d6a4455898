-- CreateTable
CREATE TABLE "SchedulerTick" (
    "key" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SchedulerTick_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SchedulerTick_claimedAt_idx" ON "SchedulerTick"("claimedAt");
