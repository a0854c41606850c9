"use client";
/**
 * What the signed-in user may do, for showing only the controls their role can use. The
 * server enforces every rule itself; this only keeps people from buttons that would refuse.
 */
import { useQuery } from "@tanstack/react-query";
import { hasRole } from "@/domain/auth/roles";
import type { Role } from "@/schemas/auth-api";
import { useTRPC } from "../trpc";

export interface Permissions {
  /** Undefined until the server has said who is signed in. */
  role: Role | undefined;
  /** Create, scale, hibernate and reactivate clusters, submit tasks, heal. */
  canOperate: boolean;
  /** Delete clusters, manage blueprints, users and API tokens, read the audit log. */
  canAdmin: boolean;
}

export function usePermissions(): Permissions {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions({}, { staleTime: 60_000 }));
  const role = me.data?.role;
  return {
    role,
    canOperate: role !== undefined && hasRole(role, "OPERATOR"),
    canAdmin: role !== undefined && hasRole(role, "ADMIN"),
  };
}
