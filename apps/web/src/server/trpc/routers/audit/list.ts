import { listAuditLog as list } from '@switchboard/core';
import { roleProcedure } from '../../init';
import { listAuditLogInput, listAuditLogOutput } from './audit.schema';

/** The workspace's audit log, newest first, filtered and paged by cursor (admins and owners). */
export const listAuditLog = roleProcedure('admin')
  .input(listAuditLogInput)
  .output(listAuditLogOutput)
  .query(({ ctx, input }) => {
    const { workspaceId: _workspaceId, ...query } = input;
    return list(ctx.prisma, ctx.workspace.id, query, new Date());
  });
