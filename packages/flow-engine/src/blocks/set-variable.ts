import { z } from 'zod';
import type { Variables } from '../json-value';
import { mergeVariables, variableNameSchema } from '../json-value';
import type { FlowEffect } from '../runtime/flow-effect';
import { evaluate } from '../expression/evaluate-expression';
import { ExpressionError } from '../expression/expression-error';
import { expressionVariables, parseExpression } from '../expression/parse-expression';
import type { BlockDefinition, BlockFinding } from './block-definition';

const dataSchema = z.object({
  assignments: z.array(z.object({ variable: variableNameSchema, expression: z.string() })),
});
export type SetVariableData = z.infer<typeof dataSchema>;

function readsOf(expression: string): string[] {
  try {
    return expressionVariables(parseExpression(expression));
  } catch {
    return [];
  }
}

/** Set variable: evaluates safe expressions in order (later ones see earlier results) and stores them. */
export const setVariableBlock = {
  type: 'set_variable',
  label: 'Set variable',
  category: 'logic',
  dataSchema,
  defaultData: { assignments: [] },
  pauses: false,
  sendsFreeForm: () => false,
  handles: () => [{ id: 'next', label: 'Next' }],
  reads: (data) => data.assignments.flatMap((a) => readsOf(a.expression)),
  writes: (data) => data.assignments.map((a) => a.variable),
  run(ctx) {
    let variables = ctx.variables;
    let set: Variables = {};
    const effects: FlowEffect[] = [];
    for (const { variable, expression } of ctx.data.assignments) {
      try {
        const value = evaluate(expression, { variables, nowIso: ctx.nowIso });
        set = mergeVariables(set, { [variable]: value });
        variables = mergeVariables(variables, { [variable]: value });
      } catch (error) {
        // A runtime type error leaves the variable unchanged; the flow goes on and the log says why.
        const reason = error instanceof ExpressionError ? error.message : 'evaluation failed';
        effects.push({ type: 'log', level: 'warn', code: 'expression_error', message: `${variable} = ${expression}: ${reason}`, nodeId: ctx.nodeId });
      }
    }
    return { effects, set, outcome: { kind: 'next', handle: 'next' } };
  },
  lint(data) {
    const findings: BlockFinding[] = [];
    if (data.assignments.length === 0) findings.push({ severity: 'warning', code: 'no_assignments', message: 'sets no variable' });
    for (const { variable, expression } of data.assignments) {
      try {
        parseExpression(expression);
      } catch (error) {
        const reason = error instanceof ExpressionError ? error.message : 'cannot parse';
        findings.push({ severity: 'error', code: 'invalid_expression', message: `${variable} = ${expression}: ${reason}` });
      }
    }
    return findings;
  },
} satisfies BlockDefinition<SetVariableData, 'set_variable'>;
