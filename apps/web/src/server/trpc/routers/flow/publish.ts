import { AppError } from '@switchboard/core';
import type { Prisma } from '@switchboard/db';
import { lintFlow } from '@switchboard/flow-engine';
import { roleProcedure } from '../../init';
import { findWorkspaceFlow, parseFlowDocument, revisionOf } from './flow-access';
import { publishFlowInput, publishFlowOutput } from './publish.schema';

/**
 * Publishes the draft as the next immutable FlowVersion (editors). Refused
 * while the linter reports errors (warnings are allowed) or when the draft
 * moved on since the editor last saw it, so what is published is what was reviewed.
 */
export const publishFlow = roleProcedure('editor')
  .input(publishFlowInput)
  .output(publishFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const workspaceId = ctx.workspace.id;
    await findWorkspaceFlow(ctx.prisma, workspaceId, input.flowId);
    return ctx.prisma.$transaction(async (tx) => {
      // The row lock serialises publishes of one flow, so version numbers never collide.
      await tx.$queryRaw`SELECT id FROM flows WHERE id = ${input.flowId}::uuid FOR UPDATE`;
      const flow = await findWorkspaceFlow(tx, workspaceId, input.flowId);
      if (revisionOf(flow.draftUpdatedAt) !== input.revision) {
        throw new AppError('conflict', 'The draft changed since you loaded it; reload before publishing.', {
          details: { currentRevision: revisionOf(flow.draftUpdatedAt) },
        });
      }
      const document = parseFlowDocument(flow.draft);
      const errors = lintFlow(document).filter((finding) => finding.severity === 'error');
      if (errors.length > 0) {
        throw new AppError('unprocessable', `The flow has ${errors.length} lint error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before publishing.`, {
          details: { findings: errors },
        });
      }
      const latest = await tx.flowVersion.findFirst({ where: { flowId: flow.id, kind: 'published' }, orderBy: { version: 'desc' }, select: { version: true } });
      const created = await tx.flowVersion.create({
        data: {
          workspaceId,
          flowId: flow.id,
          version: (latest?.version ?? 0) + 1,
          document: document as unknown as Prisma.InputJsonValue,
          note: input.note || null,
          publishedById: ctx.session.userId,
        },
      });
      await tx.auditLog.create({
        data: {
          workspaceId,
          actorType: 'user',
          actorId: ctx.session.userId,
          action: 'flow.published',
          targetType: 'flow',
          targetId: flow.id,
          data: { version: created.version, versionId: created.id },
        },
      });
      return { id: created.id, version: created.version, note: created.note, publishedAt: created.publishedAt, publishedBy: ctx.session.email };
    });
  });
