import { AUDIT_READS } from './audit.reads';
import { CASE_STUDY_READS } from './case-study.reads';
import { EVALUATION_READS } from './evaluation.reads';
import { IDENTITY_READS } from './identity.reads';
import { OPERATIONS_READS } from './operations.reads';
import { RECORD_READS } from './record.reads';

/**
 * Every read the HTTP API answers, by name: what a controller asks the query bus for. Each takes the
 * read context and its parameters (the caller, for reads that depend on who asks), and gives the answer
 * as data; how it is sent (headers, CSV, a stream) is the controller's.
 */
export const READS = {
  ...RECORD_READS,
  ...EVALUATION_READS,
  ...AUDIT_READS,
  ...CASE_STUDY_READS,
  ...IDENTITY_READS,
  ...OPERATIONS_READS,
};
