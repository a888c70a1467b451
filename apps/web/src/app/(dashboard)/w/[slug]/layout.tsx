import type { ReactNode } from 'react';
import { WorkspaceNav } from '../../../../components/workspace-nav';

// Every workspace page gets the same navigation; membership is checked by each page's data loading.
export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <>
      <WorkspaceNav slug={slug} />
      {children}
    </>
  );
}
