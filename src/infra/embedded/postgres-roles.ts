/**
 * The embedded PostgreSQL's roles: a superuser that Myzel uses only at start-up, to set things
 * up, and the role the application works as — it owns the `myzel` database and everything in
 * it, and is not a superuser (no reading files, no running programs on the host, no other
 * roles). A data folder made by an earlier version, where the application was the superuser,
 * is brought to this layout in place.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { z } from "zod";

export const DATABASE = "myzel";
export const APP_ROLE = "myzel_app";
/** The superuser of a new cluster; clusters of earlier versions have `myzel` (LEGACY_SUPERUSER). */
export const SUPERUSER = "postgres";
const LEGACY_SUPERUSER = "myzel";

const superuserFile = (dataDir: string) => path.join(dataDir, "postgres-superuser.json");
const appPasswordFile = (dataDir: string) => path.join(dataDir, "postgres-app.password");
/** Earlier versions kept the superuser's (then the application's) password here. */
export const legacyPasswordFile = (dataDir: string) => path.join(dataDir, "postgres.password");

const superuserCredentials = z.object({ user: z.string().min(1), password: z.string().min(1) });
export type Credentials = z.infer<typeof superuserCredentials>;

export function writeSuperuser(dataDir: string, credentials: Credentials): void {
  writeFileSync(superuserFile(dataDir), JSON.stringify(credentials), { mode: 0o600 });
}

/** The superuser's name and password: from its file, or from an earlier version's password file. */
export function readSuperuser(dataDir: string): Credentials {
  if (existsSync(superuserFile(dataDir)))
    return superuserCredentials.parse(JSON.parse(readFileSync(superuserFile(dataDir), "utf8")));
  const legacy = legacyPasswordFile(dataDir);
  if (!existsSync(legacy)) throw new Error(`no PostgreSQL superuser password in ${dataDir}`);
  const credentials = { user: LEGACY_SUPERUSER, password: readFileSync(legacy, "utf8").trim() };
  writeSuperuser(dataDir, credentials);
  return credentials;
}

/**
 * Makes the application's role and hands it the database and every object in it; returns its
 * password. Safe to run on every start: each step leaves a finished layout unchanged.
 */
export async function provisionAppRole(opts: {
  dataDir: string;
  serverUrl: string;
  admin: Credentials;
}): Promise<string> {
  const { dataDir, serverUrl, admin } = opts;
  const passwordFile = appPasswordFile(dataDir);
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, `${randomPassword()}\n`, { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  const adminUrl = (database: string) =>
    `postgresql://${encodeURIComponent(admin.user)}:${encodeURIComponent(admin.password)}@${serverUrl}/${database}`;

  await withClient(adminUrl("postgres"), async (client) => {
    const exists = (await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE])).rowCount;
    // CREATEDB lets the application make databases of its own; it still reaches no other role's data.
    const attributes = `LOGIN NOSUPERUSER NOCREATEROLE CREATEDB NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(`${exists ? "ALTER" : "CREATE"} ROLE ${APP_ROLE} WITH ${attributes}`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE} OWNER ${APP_ROLE}`);
    else await client.query(`ALTER DATABASE ${DATABASE} OWNER TO ${APP_ROLE}`);
  });
  await withClient(adminUrl(DATABASE), (client) => client.query(HAND_OVER));
  // The superuser's password now lives in its own file only.
  rmSync(legacyPasswordFile(dataDir), { force: true });
  return password;
}

/**
 * Everything in the public schema (tables with their indexes and sequences, views, types,
 * functions) to the application's role. REASSIGN OWNED cannot be used: an earlier version's
 * superuser is the cluster's bootstrap role, which also owns the system catalogs.
 */
const HAND_OVER = `
DO $$
DECLARE
  app oid := (SELECT oid FROM pg_roles WHERE rolname = '${APP_ROLE}');
  r record;
BEGIN
  EXECUTE 'ALTER SCHEMA public OWNER TO ${APP_ROLE}';
  FOR r IN
    SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relowner <> app AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.name);
  END LOOP;
  FOR r IN
    SELECT t.oid::regtype AS name, t.typtype FROM pg_type t
    JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typowner <> app AND t.typtype IN ('e', 'd', 'r', 'm')
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO ${APP_ROLE}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
  END LOOP;
  FOR r IN
    SELECT p.oid::regprocedure AS name FROM pg_proc p
    JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.proowner <> app
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  LOOP
    EXECUTE format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', r.name);
  END LOOP;
END $$;`;

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

export function randomPassword(): string {
  return randomBytes(24).toString("base64url");
}

/** Whether the role a URL signs in as is a superuser (to warn about a configured DATABASE_URL). */
export async function isSuperuser(url: string): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ rolsuper: boolean }>(
      "SELECT rolsuper FROM pg_roles WHERE rolname = current_user",
    );
    return rows[0]?.rolsuper === true;
  });
}
