import { Loading, PageHeaderSkeleton, Skeleton } from "../ui/skeleton";

/** The detail page's layout while it loads: header, figures, panels. */
export function ClusterSkeleton() {
  return (
    <Loading label="Loading cluster">
      <PageHeaderSkeleton description="w-96" actions="w-72" />
      <Skeleton className="h-[70px] w-full rounded-lg" />
      <Skeleton className="mt-6 h-96 w-full rounded-lg" />
      <div className="mt-6 grid gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <Skeleton className="h-72 rounded-lg" />
        <div className="space-y-6">
          <Skeleton className="h-44 rounded-lg" />
          <Skeleton className="h-64 rounded-lg" />
        </div>
      </div>
    </Loading>
  );
}
