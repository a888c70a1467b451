import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentTraceId } from './trace-context';

export type { Logger } from 'pino';

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** Keys whose values never reach a log line, wherever they are nested. */
const redactPaths = [
  '*.access_token',
  '*.accessToken',
  '*.app_secret',
  '*.appSecret',
  '*.api_key',
  '*.apiKey',
  '*.password',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** A JSON logger that stamps every line with the service and the current trace id. */
export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level ?? 'info',
    base: { service: config.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: redactPaths, censor: '[redacted]' },
    mixin() {
      const traceId = currentTraceId();
      return traceId ? { trace_id: traceId } : {};
    },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}
