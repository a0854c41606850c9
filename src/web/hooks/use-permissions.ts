"use client";
/**
 * What the signed-in person may do, for every control that changes something (scale,
 * hibernate, reactivate, destroy, submit a task, heal, upload). Every such control asks this
 * one hook. Until sign-in exists everyone operates and administers.
 */
export type Role = "viewer" | "operator" | "admin";

export interface Permissions {
  role: Role;
  /** Lifecycle controls, tasks, heal. */
  canOperate: boolean;
  /** Blueprints and everything that configures Myzel. */
  canAdmin: boolean;
}

const EVERYTHING: Permissions = { role: "admin", canOperate: true, canAdmin: true };

export function usePermissions(): Permissions {
  return EVERYTHING;
}
