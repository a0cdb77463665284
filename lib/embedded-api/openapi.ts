import { z } from "zod";
import { KNOWN_STATUSES } from "@/lib/migrations/statuses";
import { errorSchema, migrationListSchema, migrationSchema } from "./contract";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "./list-query";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

/** Builds the component schemas from the same zod schemas the handlers are typed by. */
function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(migrationSchema, { id: "Migration" });
  registry.add(migrationListSchema, { id: "MigrationList" });
  registry.add(errorSchema, { id: "Error" });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}` });
  // OpenAPI keeps the dialect at the document level, and a schema's place in `components` is its name.
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

const filterParameters = [
  {
    name: "status",
    in: "query",
    required: false,
    description:
      "Extension (ignored when the server runs with EMBEDDED_API_STRICT=1): only these statuses, comma-separated.",
    schema: { type: "string", examples: ["FAILED,COMPLETED_WITH_FAILURES"] },
    "x-allowed-values": KNOWN_STATUSES,
  },
  {
    name: "company_id",
    in: "query",
    required: false,
    description: "Extension (ignored in strict mode): only this company's migrations.",
    schema: { type: "string", maxLength: 128 },
  },
  {
    name: "created_by_user_id",
    in: "query",
    required: false,
    description: "Extension (ignored in strict mode): only migrations started by this user.",
    schema: { type: "string", maxLength: 128 },
  },
];

export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "Migrations API (embedded)",
      version: "1.0.0",
      description: "Read and list the migrations your end users initiated. `created` is UTC, written without a zone.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    paths: {
      "/migrations": {
        get: {
          operationId: "listMigrations",
          summary: "List all migrations for your organization, newest first",
          parameters: [
            {
              name: "page",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, default: 1 },
            },
            {
              name: "page_size",
              in: "query",
              required: false,
              schema: { type: "integer", minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE },
            },
            ...filterParameters,
          ],
          responses: {
            "200": {
              description: "One page of migrations.",
              content: { "application/json": { schema: ref("MigrationList") } },
            },
            "400": errorResponse("A query parameter is invalid; `error.param` names it."),
            "401": errorResponse("The API key is missing, unknown or revoked."),
            "405": errorResponse("Only GET is supported."),
          },
        },
      },
      "/migrations/{id}": {
        get: {
          operationId: "getMigration",
          summary: "Get a specific migration",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
          responses: {
            "200": { description: "The migration.", content: { "application/json": { schema: ref("Migration") } } },
            "401": errorResponse("The API key is missing, unknown or revoked."),
            "404": errorResponse("No migration with this id in your organization."),
            "405": errorResponse("Only GET is supported."),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "anon_… API key" } },
      schemas: componentSchemas(),
    },
  };
}
