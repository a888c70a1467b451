import type { Clock } from '../clock';
import { noFaults, type FaultProfile } from '../faults/fault-profile';
import { createSeededRandom, type Random } from '../random';
import { ConversationTracker } from '../webhooks/conversation-pricing';
import { ConversationStore } from './conversation-store';
import { Ledger } from './ledger';
import { MediaStore } from './media-store';
import type { SandboxNumber } from './number-config';
import { PairRateLimiter, ThroughputLimiter } from './rate-limits';
import { ServiceWindows } from './service-window';
import { UserRegistry, type SimulatedUser } from './user-registry';

export interface SandboxStateOptions {
  clock: Clock;
  /** Seed of the fault dice; each number gets its own stream derived from it. */
  seed: number;
  users?: SimulatedUser[];
  ledgerMaxEntries?: number;
  mediaMaxBytes?: number;
}

/** Everything the sandbox remembers, in memory: numbers, users, windows, limits, media, ledger, conversations. */
export class SandboxState {
  readonly clock: Clock;
  readonly numbers = new Map<string, SandboxNumber>();
  readonly users: UserRegistry;
  readonly ledger: Ledger;
  readonly windows = new ServiceWindows();
  readonly throughput = new ThroughputLimiter();
  readonly pairRate = new PairRateLimiter();
  readonly media: MediaStore;
  readonly conversations = new ConversationStore();
  readonly pricing = new ConversationTracker();
  private readonly faults = new Map<string, FaultProfile>();
  private readonly randoms = new Map<string, Random>();
  private readonly seed: number;

  constructor(options: SandboxStateOptions) {
    this.clock = options.clock;
    this.seed = options.seed;
    this.users = new UserRegistry(options.users);
    this.ledger = new Ledger(options.ledgerMaxEntries);
    this.media = new MediaStore(options.mediaMaxBytes);
  }

  faultsFor(phoneNumberId: string): FaultProfile {
    return this.faults.get(phoneNumberId) ?? noFaults;
  }

  setFaults(phoneNumberId: string, profile: FaultProfile, seed?: number): void {
    this.faults.set(phoneNumberId, profile);
    if (seed !== undefined) this.randoms.set(phoneNumberId, createSeededRandom(seed));
  }

  /** The fault dice of one number: its own seeded stream so numbers do not disturb each other's runs. */
  randomFor(phoneNumberId: string): Random {
    let random = this.randoms.get(phoneNumberId);
    if (random === undefined) {
      random = createSeededRandom(this.seed ^ hash(phoneNumberId));
      this.randoms.set(phoneNumberId, random);
    }
    return random;
  }

  /** The number whose access token this is, if any. */
  numberByToken(token: string): SandboxNumber | undefined {
    for (const number of this.numbers.values()) if (number.access_token === token) return number;
    return undefined;
  }
}

function hash(value: string): number {
  let h = 2166136261;
  for (let i = 0; i < value.length; i += 1) h = Math.imul(h ^ value.charCodeAt(i), 16777619);
  return h >>> 0;
}
