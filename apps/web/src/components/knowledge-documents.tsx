'use client';

import { KNOWLEDGE_FILE_MAX_BYTES, knowledgeFileTypes, knowledgeLanguages } from '@switchboard/core/knowledge-file-rules';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTRPC } from '../trpc/react';
import { QueryState } from './query-state';

// Browsers often give Markdown (and sometimes text) files no type: the extension decides then.
const byExtension: Record<string, string> = { md: 'text/markdown', markdown: 'text/markdown', txt: 'text/plain', pdf: 'application/pdf' };

function typeOf(file: File): string {
  const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
  return byExtension[extension] ?? file.type;
}

/** The file's bytes as base64 (a data URL without its prefix). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

/** A bot's knowledge documents: upload text, Markdown or PDF (same name replaces), list with chunk counts, delete (confirmed). */
export function KnowledgeDocuments({ workspaceId, botId, canEdit }: { workspaceId: string; botId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const query = useQuery(trpc.ai.knowledge.list.queryOptions({ workspaceId, botId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.ai.knowledge.list.queryKey() });
  const upload = useMutation(trpc.ai.knowledge.upload.mutationOptions({ onSuccess: () => void refresh() }));
  const remove = useMutation(
    trpc.ai.knowledge.delete.mutationOptions({
      onSuccess: () => {
        // A deletion is the latest action: an older upload's result or error would only mislead.
        upload.reset();
        setFormError(null);
        void refresh();
      },
    }),
  );
  const fileInput = useRef<HTMLInputElement>(null);
  const [language, setLanguage] = useState<(typeof knowledgeLanguages)[number]>('simple');
  const [formError, setFormError] = useState<string | null>(null);
  const error = formError ?? upload.error?.message ?? remove.error?.message;

  const submit = async () => {
    setFormError(null);
    upload.reset();
    const file = fileInput.current?.files?.[0];
    if (!file) return setFormError('Choose a file first.');
    const contentType = typeOf(file);
    if (!(knowledgeFileTypes as readonly string[]).includes(contentType)) return setFormError('Upload a .txt, .md or .pdf file.');
    if (file.size > KNOWLEDGE_FILE_MAX_BYTES) return setFormError(`The file is larger than ${KNOWLEDGE_FILE_MAX_BYTES / 1024 / 1024} MiB.`);
    const dataBase64 = await readBase64(file).catch((e: Error) => {
      setFormError(e.message);
      return null;
    });
    if (dataBase64 === null) return;
    upload.mutate(
      { workspaceId, botId, name: file.name, language, contentType, dataBase64 },
      {
        onSuccess: () => {
          if (fileInput.current) fileInput.current.value = '';
        },
      },
    );
  };

  return (
    <div className="stack" data-testid="knowledge-documents">
      <QueryState query={query} testId="knowledge" empty="No documents yet: the agent answers from its prompt alone.">
        {(documents) => (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Language</th>
                <th>Chunks</th>
                <th>Characters</th>
                <th>Uploaded</th>
                {canEdit ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr key={d.id} data-testid="knowledge-row">
                  <td>{d.title}</td>
                  <td className="small">{d.language}</td>
                  <td>{d.chunks}</td>
                  <td className="small">{d.characters.toLocaleString()}</td>
                  <td className="small">{d.updatedAt.toLocaleString()}</td>
                  {canEdit ? (
                    <td>
                      <button
                        type="button"
                        className="button small danger"
                        disabled={remove.isPending}
                        onClick={() => {
                          if (window.confirm(`Delete "${d.title}"? The agent stops quoting it from its next answer.`)) remove.mutate({ workspaceId, botId, documentId: d.id });
                        }}
                      >
                        Delete
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
      {canEdit ? (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <label className="field">
            <span>File (.txt, .md or .pdf, up to {KNOWLEDGE_FILE_MAX_BYTES / 1024 / 1024} MiB; a file with the name of an existing document replaces it)</span>
            <input ref={fileInput} type="file" name="file" accept=".txt,.md,.markdown,.pdf,text/plain,text/markdown,application/pdf" />
          </label>
          <label className="field">
            <span>Language (for word stemming in search)</span>
            <select value={language} onChange={(e) => setLanguage(e.target.value as (typeof knowledgeLanguages)[number])}>
              {knowledgeLanguages.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <div className="row">
            <button type="submit" className="button" disabled={upload.isPending}>
              {upload.isPending ? 'Uploading…' : 'Upload'}
            </button>
          </div>
        </form>
      ) : null}
      {upload.isSuccess ? (
        <p className="muted small" data-testid="knowledge-uploaded">
          {upload.data.replaced ? 'Replaced' : 'Added'}: {upload.data.chunks} chunk{upload.data.chunks === 1 ? '' : 's'}.
        </p>
      ) : null}
      {error ? (
        <p className="alert small" role="alert" data-testid="knowledge-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
