"use client";
import { useQuery } from "@tanstack/react-query";
import { LogOut } from "lucide-react";
import { useState } from "react";
import { humanize } from "../../lib/format";
import { signOut } from "../../lib/sign-in";
import { useTRPC } from "../../trpc";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";

/** Who is signed in, with their role, and the way out. */
export function UserMenu() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions({}, { staleTime: 60_000 }));
  const [leaving, setLeaving] = useState(false);
  if (!me.data) return null;
  return (
    <div data-testid="user-menu" className="flex items-center justify-between gap-2">
      <div className="min-w-0">
        <p className="truncate text-xs font-medium text-zinc-800 dark:text-zinc-200" title={me.data.name}>
          {me.data.name}
        </p>
        <Badge className="mt-1">{humanize(me.data.role.toLowerCase())}</Badge>
      </div>
      <Button
        size="sm"
        variant="ghost"
        disabled={leaving}
        onClick={async () => {
          setLeaving(true);
          await signOut();
          window.location.assign("/sign-in");
        }}
      >
        <LogOut aria-hidden />
        Sign out
      </Button>
    </div>
  );
}
