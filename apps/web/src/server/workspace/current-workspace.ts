/** The selected workspace if the user still belongs to it, else their first; null when they have none. */
export function currentWorkspace<W extends { id: string }>(memberships: readonly W[], selectedId: string | null): W | null {
  return memberships.find((w) => w.id === selectedId) ?? memberships[0] ?? null;
}
