"use client";
/** Everything a page runs inside: one QueryClient, one typed tRPC client, URL state and the live cache. */
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { type ReactNode, useState } from "react";
import type { AppRouter } from "@/api/root";
import { MAX_BATCH_CALLS } from "@/schemas/common";
import { httpStatusOf } from "./lib/api-error";
import { useLiveCache } from "./live/use-live-cache";
import { TRPCProvider } from "./trpc";

/** A session that ended (expired, signed out elsewhere, user disabled) sends the browser to sign in again. */
function signInAgainOn401(error: unknown) {
  if (httpStatusOf(error) === 401) {
    const back = `${window.location.pathname}${window.location.search}`;
    window.location.assign(`/sign-in?next=${encodeURIComponent(back)}`);
  }
}

function makeQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: signInAgainOn401 }),
    mutationCache: new MutationCache({ onError: signInAgainOn401 }),
    defaultOptions: { queries: { staleTime: 5_000, retry: 1, refetchOnWindowFocus: true } },
  });
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", maxURLLength: 8000, maxItems: MAX_BATCH_CALLS })],
    }),
  );
  return (
    <NuqsAdapter>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <LiveCache />
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </NuqsAdapter>
  );
}

/** Live events into the query cache, for every page (see use-live-cache). */
function LiveCache() {
  useLiveCache();
  return null;
}
