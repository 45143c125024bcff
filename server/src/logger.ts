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

/**
 * A logger whose lines are kept somewhere for a user to read (a job's log, a Git sync's log): each call becomes
 * one line, its message (or, without one, the object as JSON). `child` adds nothing: the lines already belong to
 * one piece of work.
 */
export function lineLogger(write: (level: 'debug' | 'info' | 'warning' | 'error', line: string) => void): Logger {
  const line = (obj: object | string, msg?: string) => (typeof obj === 'string' ? obj : (msg ?? JSON.stringify(obj)));
  const logger: Logger = {
    debug: (obj, msg) => write('debug', line(obj, msg)),
    info: (obj, msg) => write('info', line(obj, msg)),
    warn: (obj, msg) => write('warning', line(obj, msg)),
    error: (obj, msg) => write('error', line(obj, msg)),
    child: () => logger,
  };
  return logger;
}
