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
