import { ROLES, type Role } from "@/schemas/auth-api";
import { humanize } from "../../lib/format";
import { Select } from "../ui/field";

const DESCRIPTIONS: Record<Role, string> = {
  VIEWER: "reads everything, changes nothing",
  OPERATOR: "also creates, scales, hibernates clusters, submits tasks, heals",
  ADMIN: "also deletes clusters, manages blueprints, users, tokens",
};

export function roleLabel(role: Role): string {
  return humanize(role.toLowerCase());
}

export function RoleOptions() {
  return ROLES.map((role) => (
    <option key={role} value={role}>
      {roleLabel(role)} — {DESCRIPTIONS[role]}
    </option>
  ));
}

export function RoleSelect(props: Omit<Parameters<typeof Select>[0], "children">) {
  return (
    <Select {...props}>
      <RoleOptions />
    </Select>
  );
}
