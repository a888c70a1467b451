import { listAuditActions, resolveAuditRange } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { auditActionsInput, auditActionsOutput } from './audit.schema';

/** The actions recorded in the range, for the audit log's action filter (admins and owners). */
export const auditActions = roleProcedure('admin')
  .input(auditActionsInput)
  .output(auditActionsOutput)
  .query(({ ctx, input }) => listAuditActions(ctx.prisma, ctx.workspace.id, resolveAuditRange(input, new Date())));
