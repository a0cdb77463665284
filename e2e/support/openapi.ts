import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
}

/**
 * Validates response bodies against the schemas an OpenAPI 3.1 document gives for a path,
 * method and status, with a JSON Schema 2020-12 validator independent of the code under test.
 */
export function openApiValidator(document: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document, "openapi");
  return (pathTemplate: string, method: string, status: number, body: unknown): string[] => {
    const response = document.paths[pathTemplate]?.[method]?.responses[String(status)];
    if (!response?.content?.["application/json"]) return [`the document has no ${method} ${pathTemplate} ${status}`];
    const pointer = `openapi#/paths/${pathTemplate.replaceAll("/", "~1")}/${method}/responses/${status}/content/application~1json/schema`;
    const validate = ajv.getSchema(pointer);
    if (!validate) return [`no schema at ${pointer}`];
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  };
}
