/**
 * The layer rules of the README's Architecture section, held by dependency-cruiser in `npm test`.
 * Imports point one way: web → (types of) server; api/http → services → core → infra → domain/schemas.
 */
const layer = (name) => `^src/${name}/`;
const UI = ["web", "app"];

/** `from` may import nothing in the `never` folders. */
const forbid = (name, comment, from, never) => ({
  name,
  severity: "error",
  comment,
  from: { path: layer(from) },
  to: { path: never.map(layer) },
});

/** `from` may import only from its own folder and the `only` folders (plus `extra` paths). */
const confine = (name, comment, from, only, extra = []) => ({
  name,
  severity: "error",
  comment,
  from: { path: layer(from) },
  to: { path: "^src/", pathNot: [from, ...only].map(layer).concat(extra) },
});

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    confine("domain-is-pure", "domain/ imports only domain/ and schemas/", "domain", ["schemas"]),
    confine("schemas-are-contracts", "schemas/ imports only schemas/ and domain/", "schemas", ["domain"]),
    confine(
      "infra-is-adapters",
      "infra/ stands on domain/, schemas/ and env only",
      "infra",
      ["domain", "schemas"],
      ["^src/env\\.ts$", "^src/generated/"],
    ),
    forbid("core-stands-on-infra", "core/ never imports the layers above it", "core", [
      "services",
      "control",
      "runner",
      "agent",
      "api",
      "http",
      ...UI,
    ]),
    forbid("services-below-the-api", "services/ never import api, http, control, runner or web", "services", [
      "api",
      "http",
      "control",
      "runner",
      ...UI,
    ]),
    forbid("control-below-the-api", "control/ never imports api, http, runner or web", "control", [
      "api",
      "http",
      "runner",
      ...UI,
    ]),
    forbid("runner-never-control", "runner/ stands on core and below", "runner", [
      "control",
      "services",
      "api",
      "http",
      ...UI,
    ]),
    forbid("agent-process-is-small", "the agent process stands on infra, domain and schemas", "agent", [
      "core",
      "control",
      "services",
      "runner",
      "api",
      "http",
      ...UI,
    ]),
    forbid("http-calls-services", "http/ routes to the API and services, never to control or runner", "http", [
      "control",
      "runner",
      "boot",
      ...UI,
    ]),
    forbid("api-calls-services", "api/ never reaches into control or runner", "api", [
      "control",
      "runner",
      "http",
      ...UI,
    ]),
    {
      name: "boot-is-the-top",
      severity: "error",
      comment: "only the entry points build a server",
      from: { path: "^src/", pathNot: ["^src/server\\.ts$", layer("boot")] },
      to: { path: layer("boot") },
    },
    {
      name: "client-takes-only-types",
      severity: "error",
      comment: "the typed client ships without the server",
      from: { path: layer("client") },
      to: { path: "^src/", pathNot: [layer("client"), layer("schemas")], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "cli-speaks-through-the-client",
      severity: "error",
      comment:
        "the myzel command reaches the server only through the typed client (types, contracts and pure rules aside)",
      // offline/: restoring a backup runs with no server to ask.
      from: { path: layer("cli"), pathNot: "^src/cli/offline/" },
      to: {
        path: "^src/",
        pathNot: ["cli", "client", "schemas", "domain"].map(layer),
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "web-takes-only-types",
      severity: "error",
      comment: "the browser takes only types from the server side",
      from: { path: UI.map(layer) },
      to: {
        path: ["core", "services", "control", "runner", "agent", "infra", "http"]
          .map(layer)
          .concat("^src/server\\.ts$"),
        dependencyTypesNot: ["type-only"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
