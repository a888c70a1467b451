import { describe, expect, it } from 'vitest';
import { planReads } from './plan-reads';

describe('planReads', () => {
  it('lists the scans of one table and its indexes, depth first, and nothing of other tables', () => {
    const explain = [
      {
        Plan: {
          'Node Type': 'Nested Loop',
          Plans: [
            { 'Node Type': 'Index Only Scan', 'Relation Name': 'messages', 'Index Name': 'messages_bot_in_flight_idx' },
            {
              'Node Type': 'Bitmap Heap Scan',
              'Relation Name': 'messages',
              Plans: [{ 'Node Type': 'Bitmap Index Scan', 'Index Name': 'messages_status_next_attempt_at_idx' }],
            },
            { 'Node Type': 'Seq Scan', 'Relation Name': 'contacts' },
            { 'Node Type': 'Insert', 'Relation Name': 'messages' },
          ],
        },
      },
    ];
    expect(planReads(explain, 'messages')).toEqual([
      'Index Only Scan messages_bot_in_flight_idx',
      'Bitmap Heap Scan',
      'Bitmap Index Scan messages_status_next_attempt_at_idx',
    ]);
    expect(planReads(explain, 'contacts')).toEqual(['Seq Scan']);
    expect(planReads(explain, 'outbox_entries')).toEqual([]);
  });
});
