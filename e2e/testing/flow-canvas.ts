// Flow builder canvas gestures shared by browser tests: drag a block from the
// palette, connect two handles with the mouse, select a node.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Drags a block of `type` from the palette onto the canvas at (x, y). */
export async function dragBlock(page: Page, type: string, x: number, y: number): Promise<void> {
  const before = await page.locator('.react-flow__node').count();
  await page.getByTestId(`palette-${type}`).dragTo(page.getByTestId('flow-canvas'), { targetPosition: { x, y } });
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(before + 1);
}

/** Draws an edge from `source`'s output `handle` to `target`'s input. */
export async function connect(page: Page, source: string, handle: string, target: string): Promise<void> {
  const before = await page.locator('.react-flow__edge').count();
  const from = await page.getByTestId(`handle-${source}-${handle}`).boundingBox();
  const to = await page.locator(`[data-testid="node-${target}"] .react-flow__handle.target`).boundingBox();
  if (!from || !to) throw new Error(`cannot see the handles of ${source}:${handle} → ${target}`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(before + 1);
}

/** Selects a node by clicking its header; the inspector then shows it. */
export async function select(page: Page, nodeId: string): Promise<void> {
  await page.getByTestId(`node-${nodeId}`).locator('.fb-node-head').click();
  await expect.poll(() => page.getByTestId('node-inspector').locator('h2').textContent()).toBe(nodeId);
}

/** The side panel that edits the selected node. */
export const inspector = (page: Page) => page.getByTestId('node-inspector');
