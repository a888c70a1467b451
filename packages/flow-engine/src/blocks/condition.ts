import { z } from 'zod';
import { readVariable, variableNameSchema } from '../json-value';
import { interpolate, referencedVariables } from '../runtime/interpolate';
import { compileRegex } from '../runtime/safe-regex';
import type { BlockDefinition, BlockFinding } from './block-definition';
import { checkConnected, checkUnique } from './lint-helpers';
import { applyOperator, conditionOperators, orderingOperators, textOperators, unaryOperators } from './condition-operators';

const ruleSchema = z.object({
  variable: variableNameSchema,
  operator: z.enum(conditionOperators),
  /** Compared value; may hold `{{variables}}`. Ignored by is_empty / is_set. */
  value: z.string().default(''),
  caseSensitive: z.boolean().default(false),
});
const dataSchema = z.object({
  branches: z.array(
    z.object({
      id: z.string().min(1),
      label: z.string().optional(),
      match: z.enum(['all', 'any']).default('all'),
      rules: z.array(ruleSchema),
    }),
  ),
});
export type ConditionData = z.infer<typeof dataSchema>;

const branchHandle = (id: string) => `branch:${id}`;
const branchLabel = (b: ConditionData['branches'][number], i: number) => b.label ?? `Branch ${i + 1}`;

/** Condition: the first branch whose rules hold wins (`branch:<id>`); otherwise `else`. */
export const conditionBlock = {
  type: 'condition',
  label: 'Condition',
  category: 'logic',
  dataSchema,
  defaultData: { branches: [{ id: 'b1', match: 'all', rules: [] }] },
  pauses: false,
  sendsFreeForm: () => false,
  handles: (data) => [...data.branches.map((b, i) => ({ id: branchHandle(b.id), label: branchLabel(b, i) })), { id: 'else', label: 'Else' }],
  reads: (data) => data.branches.flatMap((b) => b.rules.flatMap((r) => [r.variable, ...referencedVariables(r.value)])),
  writes: () => [],
  run(ctx) {
    for (const branch of ctx.data.branches) {
      const results = branch.rules.map((rule) =>
        applyOperator(rule.operator, readVariable(ctx.variables, rule.variable), interpolate(rule.value, ctx.variables), rule.caseSensitive),
      );
      const holds = branch.rules.length > 0 && (branch.match === 'all' ? results.every(Boolean) : results.some(Boolean));
      if (holds) return { outcome: { kind: 'next', handle: branchHandle(branch.id) } };
    }
    return { outcome: { kind: 'next', handle: 'else' } };
  },
  lint(data, ctx) {
    const findings: BlockFinding[] = [];
    checkUnique(findings, data.branches.map((b) => b.id), 'duplicate_branch_id', 'branch id');
    data.branches.forEach((branch, i) => {
      if (branch.rules.length === 0) {
        findings.push({ severity: 'warning', code: 'empty_branch', message: `${branchLabel(branch, i)} has no rules and never matches` });
      }
      for (const rule of branch.rules) {
        if (!unaryOperators.has(rule.operator) && rule.value === '' && rule.operator !== 'equals' && rule.operator !== 'not_equals') {
          findings.push({ severity: 'error', code: 'missing_value', message: `"${rule.variable} ${rule.operator}" needs a value` });
        }
        if (rule.operator === 'matches' && referencedVariables(rule.value).length === 0) {
          const regex = compileRegex(rule.value);
          if (typeof regex === 'string') findings.push({ severity: 'error', code: 'invalid_regex', message: `pattern of ${branchLabel(branch, i)}: ${regex}` });
        }
        const type = ctx.variableTypes.get(rule.variable);
        const ordering = orderingOperators.has(rule.operator) && (type === 'string' || type === 'boolean');
        const text = textOperators.has(rule.operator) && (type === 'number' || type === 'boolean');
        if (ordering || text) {
          findings.push({
            severity: 'warning',
            code: 'operator_type_mismatch',
            message: `"${rule.operator}" on ${rule.variable}, which is declared as ${type}`,
          });
        }
      }
    });
    checkConnected(findings, ctx.connectedHandles, data.branches.map((b, i) => ({ id: branchHandle(b.id), label: branchLabel(b, i) })));
    return findings;
  },
} satisfies BlockDefinition<ConditionData, 'condition'>;
