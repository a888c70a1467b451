import { lintFlow } from '@switchboard/flow-engine';
import { roleProcedure } from '../../init';
import { findWorkspaceFlow, parseFlowDocument, revisionOf, writeDraft } from './flow-access';
import { saveFlowDraftInput, saveFlowDraftOutput } from './save-draft.schema';

/**
 * Replaces the draft (editors). Optimistic concurrency: the save names the
 * revision it started from, so a second tab cannot silently overwrite newer work.
 */
export const saveFlowDraft = roleProcedure('editor')
  .input(saveFlowDraftInput)
  .output(saveFlowDraftOutput)
  .mutation(async ({ ctx, input }) => {
    await findWorkspaceFlow(ctx.prisma, ctx.workspace.id, input.flowId);
    const document = parseFlowDocument(input.document);
    const savedAt = await writeDraft(ctx.prisma, ctx.workspace.id, input.flowId, input.baseRevision, document);
    return { revision: revisionOf(savedAt), findings: lintFlow(document) };
  });
