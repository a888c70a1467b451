/** Meta's customer service window: 24 h from the user's last message to the number. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Tracks, per (number, user), when the user last wrote. Business sends never extend it. */
export class ServiceWindows {
  private readonly lastInbound = new Map<string, number>();

  recordInbound(phoneNumberId: string, waId: string, atMs: number): void {
    this.lastInbound.set(`${phoneNumberId}:${waId}`, atMs);
  }

  isOpen(phoneNumberId: string, waId: string, nowMs: number): boolean {
    const last = this.lastInbound.get(`${phoneNumberId}:${waId}`);
    return last !== undefined && nowMs - last <= SERVICE_WINDOW_MS;
  }

  /** When the window closes, or null if the user never wrote. */
  closesAt(phoneNumberId: string, waId: string): number | null {
    const last = this.lastInbound.get(`${phoneNumberId}:${waId}`);
    return last === undefined ? null : last + SERVICE_WINDOW_MS;
  }
}
