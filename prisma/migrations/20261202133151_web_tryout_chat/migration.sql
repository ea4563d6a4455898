-- CreateTable
CREATE TABLE "WebMessage" (
    "id" BIGSERIAL NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "identityId" UUID NOT NULL,
    "direction" TEXT NOT NULL,
    "body" JSONB NOT NULL,
    "clientKey" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMP(3),

    CONSTRAINT "WebMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebFile" (
    "id" UUID NOT NULL,
    "identityId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebSession" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "identityId" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebMessage_identityId_seq_idx" ON "WebMessage"("identityId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "WebMessage_identityId_clientKey_key" ON "WebMessage"("identityId", "clientKey");

-- CreateIndex
CREATE INDEX "WebFile_identityId_idx" ON "WebFile"("identityId");

-- CreateIndex
CREATE UNIQUE INDEX "WebSession_tokenHash_key" ON "WebSession"("tokenHash");

-- CreateIndex
CREATE INDEX "WebSession_expiresAt_idx" ON "WebSession"("expiresAt");

-- AddForeignKey
ALTER TABLE "WebMessage" ADD CONSTRAINT "WebMessage_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChatIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebFile" ADD CONSTRAINT "WebFile_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChatIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebSession" ADD CONSTRAINT "WebSession_identityId_fkey" FOREIGN KEY ("identityId") REFERENCES "ChatIdentity"("id") ON DELETE CASCADE ON UPDATE CASCADE;
