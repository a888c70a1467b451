import { auditLogPageSchema, auditLogQuerySchema } from '@switchboard/core';
import { z } from 'zod';

export const listAuditLogInput = auditLogQuerySchema.extend({ workspaceId: z.uuid().optional() });
export const listAuditLogOutput = auditLogPageSchema;
export const auditActionsInput = z.object({ workspaceId: z.uuid().optional(), from: z.date().optional(), to: z.date().optional() });
export const auditActionsOutput = z.array(z.string());
