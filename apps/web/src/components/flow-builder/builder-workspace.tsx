'use client';

import '@xyflow/react/dist/style.css';
import { blockDefinitions, blockTypes, lintFlowDocument, safeMigrateFlow, type BlockType, type LintFinding } from '@switchboard/flow-engine';
import { Background, Controls, MiniMap, ReactFlow, addEdge, useEdgesState, useNodesState, useReactFlow, type Connection, type XYPosition } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react';
import type { FlowDraft } from '../../server/trpc/routers/flow/flow-views.schema';
import { FlowTestPanel } from '../flow-test-panel';
import { blockDragType, BlockPalette } from './block-palette';
import { nodeTypes } from './block-node';
import { copySelection, pasteClipboard, type Clipboard } from './clone-selection';
import { downloadJson } from './download-json';
import { FindingsContext } from './findings-context';
import { FindingsPanel } from './findings-panel';
import { edgeId, nextNodeId, toCanvas, toDocument, type BlockNode } from './flow-document';
import { FlowSettings } from './flow-settings';
import { NodeInspector } from './node-inspector';
import { PublishBar } from './publish-bar';
import { SaveStatus } from './save-status';
import { useAutosave } from './use-autosave';
import { useBuilderShortcuts } from './use-builder-shortcuts';
import { useUndoHistory, type Snapshot } from './use-undo-history';
import { VersionHistory } from './version-history';

const isBlockType = (value: string): value is BlockType => (blockTypes as readonly string[]).includes(value);
const fileSlug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'flow';

interface Props {
  workspaceId: string;
  flowId: string;
  slug: string;
  canEdit: boolean;
  initial: FlowDraft;
  reload: () => void;
}

/** The canvas with its palette, inspector, lint list, history, autosave and publishing. */
export function BuilderWorkspace({ workspaceId, flowId, slug, canEdit, initial, reload }: Props) {
  const start = useMemo(() => toCanvas(initial.document), [initial]);
  const [nodes, setNodes, onNodesChange] = useNodesState<BlockNode>(start.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState(start.edges);
  const [meta, setMeta] = useState(start.meta);
  const rf = useReactFlow<BlockNode>();
  const wrapper = useRef<HTMLDivElement>(null);
  const clipboard = useRef<Clipboard | null>(null);
  const pastes = useRef(0);
  const [tab, setTab] = useState<'lint' | 'versions' | 'test'>('lint');
  const [notice, setNotice] = useState<string | null>(null);

  const document = useMemo(() => toDocument(meta, nodes, edges), [meta, nodes, edges]);
  const [findings, setFindings] = useState<readonly LintFinding[]>(initial.findings);
  useEffect(() => {
    const timer = setTimeout(() => setFindings(lintFlowDocument(document)), 200);
    return () => clearTimeout(timer);
  }, [document]);
  const findingsByNode = useMemo(() => {
    const map = new Map<string, LintFinding[]>();
    for (const f of findings) if (f.nodeId) map.set(f.nodeId, [...(map.get(f.nodeId) ?? []), f]);
    return map;
  }, [findings]);
  const errorCount = findings.filter((f) => f.severity === 'error').length;

  const metaRef = useRef(meta);
  metaRef.current = meta;
  const snapshot = useCallback(() => ({ nodes: rf.getNodes(), edges: rf.getEdges(), meta: metaRef.current }), [rf]);
  const history = useUndoHistory(snapshot);
  const autosave = useAutosave({ workspaceId, flowId, revision: initial.revision, document, enabled: canEdit });

  const show = useCallback(
    (next: Snapshot) => {
      setNodes(next.nodes);
      setEdges(next.edges);
      setMeta(next.meta);
    },
    [setNodes, setEdges],
  );

  const addBlock = useCallback(
    (type: BlockType, position: XYPosition) => {
      history.record();
      const id = nextNodeId(type, new Set(rf.getNodes().map((n) => n.id)));
      const node: BlockNode = { id, type, position, data: structuredClone(blockDefinitions[type].defaultData) as Record<string, unknown>, selected: true };
      setNodes((all) => [...all.map((n) => (n.selected ? { ...n, selected: false } : n)), node]);
    },
    [history, rf, setNodes],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const type = event.dataTransfer.getData(blockDragType);
    if (canEdit && isBlockType(type)) addBlock(type, rf.screenToFlowPosition({ x: event.clientX - 90, y: event.clientY - 20 }));
  };
  const addInView = (type: BlockType) => {
    const box = wrapper.current?.getBoundingClientRect();
    const jitter = (rf.getNodes().length % 5) * 24;
    addBlock(type, rf.screenToFlowPosition({ x: (box?.left ?? 0) + (box?.width ?? 600) / 2 - 90 + jitter, y: (box?.top ?? 0) + (box?.height ?? 400) / 2 - 40 + jitter }));
  };

  const onConnect = useCallback(
    (connection: Connection) => {
      history.record();
      const handle = connection.sourceHandle ?? 'next';
      // One edge per output: connecting a used handle moves its edge.
      setEdges((all) =>
        addEdge(
          { ...connection, id: edgeId(connection.source, handle, connection.target) },
          all.filter((e) => !(e.source === connection.source && (e.sourceHandle ?? 'next') === handle)),
        ),
      );
    },
    [history, setEdges],
  );

  const actions = useMemo(
    () => ({
      undo: () => {
        const previous = history.undo();
        if (previous) show(previous);
      },
      redo: () => {
        const next = history.redo();
        if (next) show(next);
      },
      copy: () => {
        const copied = copySelection(rf.getNodes(), rf.getEdges());
        if (copied.nodes.length > 0) {
          clipboard.current = copied;
          pastes.current = 0;
        }
      },
      paste: () => {
        if (!clipboard.current) return;
        history.record();
        pastes.current += 1;
        const pasted = pasteClipboard(clipboard.current, new Set(rf.getNodes().map((n) => n.id)), { x: 40 * pastes.current, y: 40 * pastes.current });
        setNodes((all) => [...all.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes]);
        setEdges((all) => [...all, ...pasted.edges]);
      },
      selectAll: () => setNodes((all) => all.map((n) => ({ ...n, selected: true }))),
    }),
    [history, rf, setEdges, setNodes, show],
  );
  useBuilderShortcuts(actions, canEdit);

  const focusNode = (nodeId: string) => {
    setNodes((all) => all.map((n) => ({ ...n, selected: n.id === nodeId })));
    void rf.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.2, padding: 0.6 });
  };

  const replaceDocument = (next: FlowDraft['document']) => {
    history.record();
    const canvas = toCanvas(next);
    show(canvas);
    setTimeout(() => void rf.fitView({ duration: 200 }), 50);
    return canvas;
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      setNotice(`${file.name} is not JSON.`);
      return;
    }
    const result = safeMigrateFlow(parsed);
    if (!result.ok) {
      setNotice(`Cannot import ${file.name}: ${result.error.message}`);
      return;
    }
    replaceDocument(result.flow);
    setNotice(`Imported ${file.name}; it replaces the draft (undo with Ctrl/⌘+Z).`);
  };

  const selected = nodes.filter((n) => n.selected);
  const single = selected.length === 1 ? selected[0] : undefined;

  return (
    <FindingsContext.Provider value={findingsByNode}>
      <div className="fb-page" data-testid="flow-builder">
        <div className="fb-toolbar">
          <div>
            <p className="eyebrow">
              <a href={`/w/${encodeURIComponent(slug)}/flows`}>Flows</a>
            </p>
            <h1 data-testid="flow-name">{meta.name}</h1>
          </div>
          <SaveStatus state={autosave.state} canEdit={canEdit} onReload={reload} onDownload={() => downloadJson(`${fileSlug(meta.name)}.local.json`, document)} />
          <div className="fb-toolbar-actions">
            <button type="button" className="button small" onClick={actions.undo} disabled={!canEdit || !history.canUndo} data-testid="undo">
              Undo
            </button>
            <button type="button" className="button small" onClick={actions.redo} disabled={!canEdit || !history.canRedo} data-testid="redo">
              Redo
            </button>
            <label className={`button small ${canEdit ? '' : 'fb-disabled'}`}>
              Import JSON
              <input type="file" accept="application/json,.json" hidden disabled={!canEdit} onChange={(e) => void importFile(e)} data-testid="import-file" />
            </label>
            <button type="button" className="button small" onClick={() => downloadJson(`${fileSlug(meta.name)}.draft.json`, document)} data-testid="export-json">
              Export JSON
            </button>
            <PublishBar workspaceId={workspaceId} flowId={flowId} canEdit={canEdit} errorCount={errorCount} flush={autosave.flush} onPublished={() => setTab('versions')} />
          </div>
        </div>
        {notice ? (
          <p className="fb-notice small" role="status" data-testid="builder-notice">
            {notice}{' '}
            <button type="button" className="fb-link" onClick={() => setNotice(null)}>
              dismiss
            </button>
          </p>
        ) : null}
        <div className="fb-main">
          <BlockPalette onAdd={addInView} disabled={!canEdit} />
          <div className="fb-canvas" ref={wrapper} onDrop={onDrop} onDragOver={(e) => e.preventDefault()} data-testid="flow-canvas">
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onNodeDragStart={() => history.record()}
              onBeforeDelete={async () => {
                history.record();
                return true;
              }}
              isValidConnection={(c) => c.source !== c.target}
              nodesDraggable={canEdit}
              nodesConnectable={canEdit}
              deleteKeyCode={canEdit ? ['Backspace', 'Delete'] : null}
              multiSelectionKeyCode={['Meta', 'Control']}
              selectionKeyCode="Shift"
              fitView
              fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
              minZoom={0.1}
              proOptions={{ hideAttribution: true }}
            >
              <Background gap={20} />
              <MiniMap pannable zoomable nodeStrokeWidth={3} />
              <Controls showInteractive={false} />
            </ReactFlow>
          </div>
          <div className="fb-side">
            {single ? (
              <NodeInspector key={`${single.id}:${history.generation}`} node={single} readOnly={!canEdit} onBeforeEdit={() => history.record(`data:${single.id}`)} />
            ) : selected.length > 1 ? (
              <p className="muted small fb-inspector">{selected.length} blocks selected: drag to move them, Delete to remove, Ctrl/⌘+C to copy.</p>
            ) : (
              <FlowSettings
                key={history.generation}
                meta={meta}
                readOnly={!canEdit}
                onChange={(next) => {
                  history.record('meta');
                  setMeta(next);
                }}
              />
            )}
            <div className="fb-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={tab === 'lint'} className={tab === 'lint' ? 'active' : ''} onClick={() => setTab('lint')}>
                Problems ({findings.length})
              </button>
              <button type="button" role="tab" aria-selected={tab === 'versions'} className={tab === 'versions' ? 'active' : ''} onClick={() => setTab('versions')} data-testid="versions-tab">
                Versions
              </button>
              {canEdit ? (
                <button type="button" role="tab" aria-selected={tab === 'test'} className={tab === 'test' ? 'active' : ''} onClick={() => setTab('test')} data-testid="test-tab">
                  Test
                </button>
              ) : null}
            </div>
            {tab === 'lint' ? (
              <FindingsPanel findings={findings} onFocus={focusNode} />
            ) : tab === 'test' ? (
              <FlowTestPanel workspaceId={workspaceId} slug={slug} flowId={flowId} flush={autosave.flush} />
            ) : (
              <VersionHistory
                workspaceId={workspaceId}
                flowId={flowId}
                canEdit={canEdit}
                baseRevision={autosave.flush}
                onRestored={(draft) => {
                  const canvas = replaceDocument(draft.document);
                  autosave.adopt(toDocument(canvas.meta, canvas.nodes, canvas.edges), draft.revision);
                  setNotice('Version restored into the draft. Publish to make it live.');
                }}
              />
            )}
          </div>
        </div>
      </div>
    </FindingsContext.Provider>
  );
}
