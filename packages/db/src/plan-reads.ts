/** A node of `EXPLAIN (FORMAT JSON)` output, as far as `planReads` looks. */
interface PlanNode {
  'Node Type'?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plan?: PlanNode;
  Plans?: PlanNode[];
}

/**
 * Every node of an `EXPLAIN (FORMAT JSON)` plan that reads `table` or one of its indexes (named
 * `<table>_…`, as all of ours are), as `"<node type> <index>"`, e.g. `Index Scan messages_pkey` or
 * `Seq Scan`. For plan tests: a hot statement must keep reading the index made for it however the
 * statistics look.
 */
export function planReads(explain: unknown, table: string): string[] {
  const out: string[] = [];
  const walk = (node: PlanNode): void => {
    const type = node['Node Type'] ?? '';
    const onTable = node['Relation Name'] === table || node['Index Name']?.startsWith(`${table}_`) === true;
    if (onTable && type.includes('Scan')) out.push(`${type} ${node['Index Name'] ?? ''}`.trim());
    if (node.Plan) walk(node.Plan);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const root of Array.isArray(explain) ? explain : [explain]) walk(root as PlanNode);
  return out;
}
