import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages stay outside the bundle (the custom server owns them).
  serverExternalPackages: ["pino", "ioredis", "pg", "@prisma/client", "@prisma/adapter-pg", "socket.io"],
  typescript: { ignoreBuildErrors: false },
};

export default config;
