import { crmSyncTaskId, crmSyncTaskSchema } from '@switchboard/core';
import { defineQueue } from '@switchboard/queue';

/**
 * The `crm-sync` queue (design §1): Chatwoot mirror work, one job per task with a deterministic id.
 * Completed jobs are kept an hour so the same event read twice within that time is one job; failed
 * ones a week for inspection (their dead letters are in Postgres).
 */
export function crmSyncQueue(attempts: number, backoffMs: number) {
  return defineQueue({
    name: 'crm-sync',
    schema: crmSyncTaskSchema,
    jobOptions: { attempts, backoff: { type: 'exponential', delay: backoffMs }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 7 * 86_400 } },
    jobId: crmSyncTaskId,
  });
}
