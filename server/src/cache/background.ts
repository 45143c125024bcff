import { EpochCache, type Epoch } from './epoch.ts';

/**
 * Work a process starts and does not wait for (jobs in-process, webhook deliveries, what follows a committed
 * change), kept so that tests and shutdown can wait until all of it has finished.
 */
export class Background {
  private readonly running = new Set<Promise<void>>();

  /** Start `work` now; its failure is the work's own business (it logs), never the caller's. */
  run(work: () => Promise<void>): void {
    const started: Promise<void> = work()
      .catch(() => {})
      .finally(() => this.running.delete(started));
    this.running.add(started);
  }

  /** Resolves once everything started so far, and whatever it started in turn, has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}

/**
 * Rules every write consults after it commits (webhooks, job hooks), read once and kept while the definitions
 * epoch stands; without an epoch they are read for every change.
 */
export class CachedRules<T> {
  private readonly cache: EpochCache<T[]>;

  constructor(
    private readonly epoch: Epoch | null,
    cacheSeconds: number,
    private readonly load: () => Promise<T[]>,
  ) {
    this.cache = new EpochCache(cacheSeconds * 1000);
  }

  /** The rules at `at` (an epoch already read, such as the one a write's request started with), else at the epoch read now. */
  async current(at?: Promise<number>): Promise<T[]> {
    const epoch = this.epoch ? await (at ?? this.epoch.current()) : null;
    const cached = epoch === null ? undefined : this.cache.get('all', epoch);
    if (cached) return cached;
    const rules = await this.load();
    if (epoch !== null) this.cache.set('all', epoch, rules);
    return rules;
  }
}

/** `dcim.device` labels of the content types a rule names. */
export const contentTypeLabels = (rows: ReadonlyArray<{ appLabel: string; model: string }>) => rows.map((c) => `${c.appLabel}.${c.model}`);
