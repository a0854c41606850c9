import { existsSync } from "node:fs";
import { defineConfig } from "prisma/config";

// Offline machines cannot download Prisma's native schema engine; `prisma generate`
// only needs the variable to name an existing file, and the running app applies
// migrations itself (src/infra/database/migrate.ts), so the CLI is optional.
process.env.CHECKPOINT_DISABLE ??= "1";
const nativeEngine = "node_modules/@prisma/engines/schema-engine-debian-openssl-3.0.x";
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !existsSync(nativeEngine)) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = "package.json";
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "postgresql://myzel@127.0.0.1:5432/myzel",
  },
});
