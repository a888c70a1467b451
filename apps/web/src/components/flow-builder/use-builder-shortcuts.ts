'use client';

import { useEffect } from 'react';

/** What the builder's keyboard shortcuts do; each returns nothing and may be a no-op. */
export interface ShortcutActions {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  selectAll: () => void;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Undo (Ctrl/⌘+Z), redo (Ctrl/⌘+Shift+Z or Ctrl+Y), copy, paste and select
 * all. Delete and Backspace are React Flow's own. Keys typed into a form
 * field stay with the field.
 */
export function useBuilderShortcuts(actions: ShortcutActions, enabled: boolean) {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || typing(event.target)) return;
      const key = event.key.toLowerCase();
      const action =
        key === 'z' ? (event.shiftKey ? actions.redo : actions.undo) : key === 'y' ? actions.redo : key === 'c' ? actions.copy : key === 'v' ? actions.paste : key === 'a' ? actions.selectAll : null;
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions, enabled]);
}
