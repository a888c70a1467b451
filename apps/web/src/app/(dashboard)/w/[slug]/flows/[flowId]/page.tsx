import { TRPCError } from '@trpc/server';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FlowBuilder } from '../../../../../../components/flow-builder/flow-builder';
import { roleAtLeast } from '../../../../../../server/auth/roles';
import { getServerCaller } from '../../../../../../server/trpc/server-caller';

export const metadata: Metadata = { title: 'Flow builder' };

export default async function FlowBuilderPage({ params }: { params: Promise<{ slug: string; flowId: string }> }) {
  const { slug, flowId } = await params;
  if (!z.uuid().safeParse(flowId).success) notFound();
  const caller = await getServerCaller();
  const workspaces = await caller.workspace.list();
  const current = workspaces.find((w) => w.slug === slug);
  if (!current) notFound();
  const overview = await caller.workspace.overview({ workspaceId: current.id });
  // Another workspace's flow (or a deleted one) is a 404, not an empty builder.
  try {
    await caller.flow.versions({ workspaceId: current.id, flowId });
  } catch (error) {
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }

  return <FlowBuilder workspaceId={current.id} flowId={flowId} slug={slug} canEdit={roleAtLeast(overview.role, 'editor')} />;
}
