import { TableSkeleton } from "@/components/migrations/list-states";

// In the (list) group so that it wraps only the list: a loading boundary above /migrations/<id> would
// start streaming a 200 before the page can answer 404 for an unknown id.
export default function Loading() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Migrations</h1>
      <TableSkeleton />
    </div>
  );
}
