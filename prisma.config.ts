import { defineConfig } from "prisma/config";

// The datasource URL is only needed by Prisma's own CLI (`prisma migrate deploy` where its
// native engine can be downloaded); duban itself connects through driver adapters.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(process.env.DATABASE_URL ? { datasource: { url: process.env.DATABASE_URL } } : {}),
});
