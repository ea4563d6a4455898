-- CreateTable
CREATE TABLE "TelegramButtonData" (
    "key" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TelegramButtonData_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "TelegramButtonData_sentAt_idx" ON "TelegramButtonData"("sentAt");
