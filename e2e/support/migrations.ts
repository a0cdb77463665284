import type { APIRequestContext } from "@playwright/test";
import { runtimeApiKey } from "./servers";

export interface ApiMigration {
  object: "migration";
  id: string;
  created: string;
  status: string;
  created_by_user_id: string;
  company_id: string | null;
}

/** Migrations of the demo organization, straight from the embedded API with the server's own key. */
export async function demoMigrations(request: APIRequestContext, pageSize = 10): Promise<ApiMigration[]> {
  const response = await request.get(`/api/v1/migrations?page_size=${pageSize}`, {
    headers: { Authorization: `Bearer ${runtimeApiKey()}` },
  });
  if (response.status() !== 200) throw new Error(`the embedded API answered ${response.status()}`);
  const body = (await response.json()) as { data: ApiMigration[] };
  if (body.data.length === 0) throw new Error("the embedded API listed no migrations");
  return body.data;
}
