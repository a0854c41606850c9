/**
 * The layer rules of ARCHITECTURE.md, held by dependency-cruiser in `npm test`.
 * Imports point one way: web → (types of) server; api/http → services → core → infra → domain/schemas.
 */
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ imports only domain/ and schemas/",
      from: { path: layer("domain") },
      to: { path: "^src/", pathNot: [layer("domain"), layer("schemas")] },
    },
    {
      name: "schemas-are-contracts",
      severity: "error",
      comment: "schemas/ imports only schemas/ and domain/",
      from: { path: layer("schemas") },
      to: { path: "^src/", pathNot: [layer("schemas"), layer("domain")] },
    },
    {
      name: "infra-is-adapters",
      severity: "error",
      comment: "infra/ stands on domain/, schemas/ and env only",
      from: { path: layer("infra") },
      to: {
        path: "^src/",
        pathNot: [layer("infra"), layer("domain"), layer("schemas"), "^src/env\\.ts$", "^src/generated/"],
      },
    },
    {
      name: "core-stands-on-infra",
      severity: "error",
      comment: "core/ never imports services, control, runner, agent, api, http or web",
      from: { path: layer("core") },
      to: {
        path: [
          layer("services"),
          layer("control"),
          layer("runner"),
          layer("agent"),
          layer("api"),
          layer("http"),
          layer("web"),
          layer("app"),
        ],
      },
    },
    {
      name: "services-below-the-api",
      severity: "error",
      comment: "services/ never import api, http, control, runner or web",
      from: { path: layer("services") },
      to: { path: [layer("api"), layer("http"), layer("control"), layer("runner"), layer("web"), layer("app")] },
    },
    {
      name: "control-is-the-leader-only",
      severity: "error",
      comment: "control/ never imports api, http, runner or web",
      from: { path: layer("control") },
      to: { path: [layer("api"), layer("http"), layer("runner"), layer("web"), layer("app")] },
    },
    {
      name: "runner-never-control",
      severity: "error",
      comment: "runner/ stands on core and below",
      from: { path: layer("runner") },
      to: { path: [layer("control"), layer("services"), layer("api"), layer("http"), layer("web"), layer("app")] },
    },
    {
      name: "agent-process-is-small",
      severity: "error",
      comment: "the agent process stands on infra, domain and schemas",
      from: { path: layer("agent") },
      to: {
        path: [
          layer("core"),
          layer("control"),
          layer("services"),
          layer("runner"),
          layer("api"),
          layer("http"),
          layer("web"),
          layer("app"),
        ],
      },
    },
    {
      name: "http-calls-services",
      severity: "error",
      comment: "http/ routes to the API and services, never to control or runner",
      from: { path: layer("http") },
      to: { path: [layer("control"), layer("runner"), layer("boot"), layer("web"), layer("app")] },
    },
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
      name: "api-calls-services",
      severity: "error",
      comment: "api/ never reaches into control or runner",
      from: { path: layer("api") },
      to: { path: [layer("control"), layer("runner"), layer("http"), layer("web"), layer("app")] },
    },
    {
      name: "web-takes-only-types",
      severity: "error",
      comment: "the browser takes only types from the server side",
      from: { path: [layer("web"), layer("app")] },
      to: {
        path: [
          layer("core"),
          layer("services"),
          layer("control"),
          layer("runner"),
          layer("agent"),
          layer("infra"),
          layer("http"),
          "^src/server\\.ts$",
        ],
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
