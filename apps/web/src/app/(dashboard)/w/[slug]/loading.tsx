export default function WorkspaceLoading() {
  return (
    <div className="stack-lg" aria-busy="true" aria-label="Loading workspace">
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-block" />
      <div className="skeleton skeleton-block" />
    </div>
  );
}
