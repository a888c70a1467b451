/** One problem the linter found; errors block publishing, warnings do not. */
export interface LintFinding {
  nodeId?: string;
  edgeId?: string;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}
