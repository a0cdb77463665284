import type { OwnerKind, OwnerSuggestion } from "./suggestions";

function isSuggestion(value: unknown): value is OwnerSuggestion {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.id === "string" &&
    (record.name === null || typeof record.name === "string") &&
    typeof record.count === "number"
  );
}

/** The filter's suggestions from the BFF (`GET /api/directory/suggest`); none when it cannot answer. */
export async function fetchOwnerSuggestions(
  kind: OwnerKind,
  q: string,
  signal?: AbortSignal,
): Promise<OwnerSuggestion[]> {
  const query = new URLSearchParams({ kind, q });
  const response = await fetch(`/api/directory/suggest?${query}`, {
    headers: { Accept: "application/json" },
    cache: "no-store",
    ...(signal ? { signal } : {}),
  });
  if (!response.ok) return [];
  const body: unknown = await response.json().catch(() => undefined);
  const data = typeof body === "object" && body !== null ? (body as { data?: unknown }).data : undefined;
  return Array.isArray(data) ? data.filter(isSuggestion) : [];
}
