/** Admins manage who may sign in; Myzel never lets the last admin go. */
import { describe, expect, inject, it } from "vitest";
import { allPages, baseUrl, client, userWith } from "./helpers";

const adminId = async () =>
  (await allPages((page) => client().users.list.query(page))).find((u) => u.email === inject("adminEmail"))!.id;

describe("users", () => {
  it("are added with a role, listed, and refused a second time with the same email", async () => {
    const viewer = await userWith("VIEWER");
    expect((await allPages((page) => client().users.list.query(page))).find((u) => u.id === viewer.id)).toMatchObject({
      email: viewer.email,
      role: "VIEWER",
      disabled: false,
    });
    await expect(
      client().users.create.mutate({
        name: "Again",
        email: viewer.email.toUpperCase(),
        password: "another-password",
        role: "ADMIN",
      }),
    ).rejects.toThrow(`a user with the email ${viewer.email} exists already`);
  });

  it("who are deleted can no longer sign in", async () => {
    const operator = await userWith("OPERATOR");
    await client().users.delete.mutate({ userId: operator.id });
    const response = await fetch(`${baseUrl()}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: operator.email, password: operator.password }),
    });
    expect(response.status).toBe(401);
    expect((await allPages((page) => client().users.list.query(page))).some((u) => u.id === operator.id)).toBe(false);
  });

  it("keep at least one active admin: the last cannot be demoted, disabled or deleted", async () => {
    const id = await adminId();
    await expect(client().users.setRole.mutate({ userId: id, role: "OPERATOR" })).rejects.toThrow(
      "cannot demote the last active admin",
    );
    await expect(client().users.setDisabled.mutate({ userId: id, disabled: true })).rejects.toThrow(
      "cannot disable the last active admin",
    );
    await expect(client().users.delete.mutate({ userId: id })).rejects.toThrow("cannot delete the last active admin");
    expect((await allPages((page) => client().users.list.query(page))).find((u) => u.id === id)).toMatchObject({
      role: "ADMIN",
      disabled: false,
    });
  });

  it("say clearly when one does not exist", async () => {
    await expect(client().users.setRole.mutate({ userId: "nobody", role: "ADMIN" })).rejects.toThrow(
      'user "nobody" does not exist',
    );
  });
});
