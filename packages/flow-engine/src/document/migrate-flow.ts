import { z } from 'zod';
import type { FlowV1 } from './flow-v1';
import { flowV1Schema } from './flow-v1';

/** Every stored version, discriminated by `version`. Add v2 here with an upgrade step from v1. */
export const flowDocumentSchema = z.discriminatedUnion('version', [flowV1Schema]);
export type FlowDocument = z.infer<typeof flowDocumentSchema>;

/** The version `migrateFlow` returns. */
export const latestFlowVersion = 1;
const supportedVersions: readonly number[] = [1];

// One step per version: upgrades[n] turns a version-n document into version n+1.
const upgrades: Record<number, (document: FlowDocument) => FlowDocument> = {};

/** One problem found in a flow document, at a path inside it. */
export interface FlowDocumentIssue {
  path: (string | number)[];
  message: string;
}

/** A document that cannot be read as a flow: not an object, an unknown version, or invalid fields. */
export class FlowDocumentError extends Error {
  override readonly name = 'FlowDocumentError';
  constructor(
    message: string,
    readonly issues: FlowDocumentIssue[] = [],
  ) {
    super(issues.length === 0 ? message : `${message}: ${issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  }
}

/** Parses a stored flow document of any supported version and upgrades it to the latest (v1). */
export function migrateFlow(input: unknown): FlowV1 {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new FlowDocumentError('a flow document must be a JSON object');
  }
  const version = (input as { version?: unknown }).version;
  if (version === undefined) throw new FlowDocumentError('the flow document has no "version"');
  if (typeof version !== 'number' || !supportedVersions.includes(version)) {
    throw new FlowDocumentError(
      `unsupported flow document version ${JSON.stringify(version)}; this engine reads version ${supportedVersions.join(', ')}`,
    );
  }
  const parsed = flowDocumentSchema.safeParse(input);
  if (!parsed.success) {
    throw new FlowDocumentError(
      'invalid flow document',
      parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message })),
    );
  }
  let document: FlowDocument = parsed.data;
  while (document.version !== latestFlowVersion) {
    const upgrade = upgrades[document.version];
    if (!upgrade) throw new FlowDocumentError(`no upgrade from flow document version ${document.version}`);
    document = upgrade(document);
  }
  return document;
}

/** Like `migrateFlow`, returning the error instead of throwing. */
export function safeMigrateFlow(input: unknown): { ok: true; flow: FlowV1 } | { ok: false; error: FlowDocumentError } {
  try {
    return { ok: true, flow: migrateFlow(input) };
  } catch (error) {
    if (error instanceof FlowDocumentError) return { ok: false, error };
    throw error;
  }
}
