/** Roles are ordered: each includes what the ones before it may do. */
import { ROLES, type Role } from "../../schemas/auth-api";

export type { Role };

const rank = (role: Role) => ROLES.indexOf(role);

/** Whether `actual` may do what needs `required`. */
export function hasRole(actual: Role, required: Role): boolean {
  return rank(actual) >= rank(required);
}

/** The roles that do not reach `required` (whom something for `required` must not reach). */
export function rolesBelow(required: Role): Role[] {
  return ROLES.filter((role) => rank(role) < rank(required));
}
