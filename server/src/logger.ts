import { pino, type Logger as PinoLogger } from 'pino';

/** The one logging interface in Fathom. Plugins receive a child with their name bound. */
export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(level: LogLevel = 'info'): Logger {
  const base: PinoLogger = pino({ level, base: { service: 'fathom' } });
  return base;
}

/** Collects log entries in memory; used by tests and by the CLI to show plugin start-up output. */
export function createMemoryLogger(): Logger & { entries: Array<{ level: string; msg: string; bindings: Record<string, unknown> }> } {
  const entries: Array<{ level: string; msg: string; bindings: Record<string, unknown> }> = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const write = (level: string) => (obj: object | string, msg?: string) => {
      entries.push({ level, msg: typeof obj === 'string' ? obj : (msg ?? ''), bindings });
    };
    return {
      debug: write('debug'),
      info: write('info'),
      warn: write('warn'),
      error: write('error'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return Object.assign(make({}), { entries });
}
