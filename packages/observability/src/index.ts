export { createLogger, type Logger, type LoggerConfig } from './logger';
export { createMetricsRegistry, Counter, Gauge, Histogram, Registry } from './metrics';
export { handleOpsRequest, readiness, type OpsOptions, type ReadinessCheck, type ReadinessReport } from './ops-handler';
export { currentTraceId, newTraceId, withTraceId } from './trace-context';
