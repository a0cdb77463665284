import { TableSkeleton } from "@/components/migrations/list-states";

export default function Loading() {
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Migrations</h1>
      <TableSkeleton />
    </div>
  );
}
