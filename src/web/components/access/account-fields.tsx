import { MIN_PASSWORD_LENGTH } from "@/schemas/auth-api";
import { describedBy, Field, Input } from "../ui/field";

interface AccountFieldsProps {
  /** Prefix of the inputs' ids, so two forms on one page do not collide. */
  idPrefix: string;
  /** Errors by field name (name, email, password), as the server reported them. */
  errors: Record<string, string>;
  nameLabel: string;
  passwordLabel: string;
  autoFocus?: boolean;
}

/** Name, email and a new password: what a person signs in with, for the setup page and for admins adding users. */
export function AccountFields({ idPrefix, errors, nameLabel, passwordLabel, autoFocus }: AccountFieldsProps) {
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <Field id={id("name")} label={nameLabel} error={errors.name}>
        <Input
          id={id("name")}
          name="name"
          autoComplete="name"
          required
          autoFocus={autoFocus}
          aria-invalid={!!errors.name}
          aria-describedby={describedBy(id("name"), errors.name)}
        />
      </Field>
      <Field id={id("email")} label="Email" error={errors.email}>
        <Input
          id={id("email")}
          name="email"
          type="email"
          autoComplete="off"
          required
          aria-invalid={!!errors.email}
          aria-describedby={describedBy(id("email"), errors.email)}
        />
      </Field>
      <Field
        id={id("password")}
        label={passwordLabel}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={errors.password}
      >
        <Input
          id={id("password")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={!!errors.password}
          aria-describedby={describedBy(id("password"), errors.password, "hint")}
        />
      </Field>
    </>
  );
}
