"use client";
/** The typed tRPC hooks of the browser; the client and the QueryClient they use are made in providers.tsx. */
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "@/api/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
