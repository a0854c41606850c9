import type { ReactNode } from "react";
import { Wordmark } from "../shell/logo";

/** The centred card of the pages outside the dashboard's frame: sign-in and first setup. */
export function AuthCard({
  title,
  description,
  children,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex min-h-dvh items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex justify-center">
          <Wordmark />
        </div>
        <div className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
          <h1 className="text-lg font-semibold">{title}</h1>
          <p className="mt-1 mb-5 text-sm text-zinc-500 dark:text-zinc-400">{description}</p>
          {children}
        </div>
      </div>
    </div>
  );
}
