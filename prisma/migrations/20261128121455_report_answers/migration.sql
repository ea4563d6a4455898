-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "answers" JSONB;
