'use client';

import type { ReactNode } from 'react';

interface QueryStateProps<T> {
  query: { isPending: boolean; isError: boolean; error: { message: string } | null; data: T[] | undefined; refetch: () => unknown };
  empty: ReactNode;
  testId: string;
  children: (items: T[]) => ReactNode;
}

/** Loading, error and empty states for a list query, so each list renders only its rows. */
export function QueryState<T>({ query, empty, testId, children }: QueryStateProps<T>) {
  if (query.isPending) {
    return (
      <div className="skeleton-list" aria-busy="true" data-testid={`${testId}-loading`}>
        <div className="skeleton skeleton-row" />
        <div className="skeleton skeleton-row" />
      </div>
    );
  }
  if (query.isError || !query.data) {
    return (
      <div className="alert" role="alert" data-testid={`${testId}-error`}>
        Could not load: {query.error?.message ?? 'unknown error'}{' '}
        <button type="button" className="button small" onClick={() => void query.refetch()}>
          Retry
        </button>
      </div>
    );
  }
  if (query.data.length === 0) {
    return (
      <p className="muted empty" data-testid={`${testId}-empty`}>
        {empty}
      </p>
    );
  }
  return <>{children(query.data)}</>;
}
