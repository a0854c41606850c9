/**
 * TypeScript types of the REST API, as openapi-typescript makes them from an OpenAPI document:
 * what src/client/openapi.d.ts holds (`npm run openapi-types` writes it). A development tool:
 * only the script and tests import this file.
 */
import openapiTS, { astToString } from "openapi-typescript";

export const REST_TYPES_FILE = "src/client/openapi.d.ts";

export async function restTypes(document: unknown): Promise<string> {
  const header = "// Generated from Myzel's OpenAPI document by openapi-typescript: `npm run openapi-types`.\n";
  return header + astToString(await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: false }));
}
