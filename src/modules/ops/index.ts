export { createOpsMetrics, type OpsMetrics } from './metrics.js';
export { createReadinessService, type ReadinessService } from './readiness.service.js';
export { readOperationalSnapshot } from './ops.repository.js';
export { registerOpsRoutes } from './ops.routes.js';
