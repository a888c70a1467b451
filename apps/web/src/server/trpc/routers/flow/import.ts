import type { Prisma } from '@switchboard/db';
import { roleProcedure } from '../../init';
import { parseFlowDocument } from './flow-access';
import { importFlowInput, importFlowOutput } from './import.schema';
import { insertFlow } from './insert-flow';

/** A new flow from a JSON document (editors), validated and upgraded by the engine; lint findings do not block an import. */
export const importFlow = roleProcedure('editor')
  .input(importFlowInput)
  .output(importFlowOutput)
  .mutation(async ({ ctx, input }) => {
    const parsed = parseFlowDocument(input.document);
    const document = { ...parsed, name: input.name ?? parsed.name };
    return insertFlow(ctx.prisma, ctx.workspace.id, document as unknown as Prisma.InputJsonValue, document.name, null);
  });
