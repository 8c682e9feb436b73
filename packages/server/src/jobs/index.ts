import { fieldKeyRotationJob } from '../declarations/key-rotation';
import { retentionJob } from '../declarations/retention';
import { healthCheckRetentionJob } from '../enterprise/health-checks';
import { webhookDeliveryJob } from '../enterprise/webhooks';
import type { ServerDeps } from '../http/context';
import { exportBatchesJob, keyServerRetentionJob } from '../key-server/exports';

/** A periodic background job (retention, export batches, webhook retries…). */
export interface Job {
  /** Name for logs. */
  name: string;
  /** Period in milliseconds. */
  everyMs: number;
  /** One run; errors are logged, never crash the server. */
  run(deps: ServerDeps): Promise<void>;
}

/** Every background job of the server, one line each (areas add theirs). */
export const jobs: readonly Job[] = [
  retentionJob,
  exportBatchesJob,
  keyServerRetentionJob,
  webhookDeliveryJob,
  healthCheckRetentionJob,
  fieldKeyRotationJob,
];
