export * from './engine/projection';
export * from './engine/projection-engine';
export * from './engine/read-model-db';
export * from './evaluation/evaluation';
export * from './read-models/summary';
export * from './read-models/audit.projection';
export * from './read-models/documents.projection';
export * from './read-models/read-models';
export * from './read-models/open-actions';
export * from './read-models/programme-timeline';
export * from './read-models/participant-register';
export * from './read-models/pair-register';
export * from './read-models/pair-brief';
export * from './read-models/record-gaps';
export * from './read-models/figures-since';
export * from './read-models/reflections-due';
export * from './read-models/participant-resource';

import { auditProjection } from './read-models/audit.projection';
import { documentsProjection } from './read-models/documents.projection';

/** Every projection Pairtrail runs. */
export const ALL_PROJECTIONS = [auditProjection, documentsProjection];
export * from './read-models/csv';
export * from './read-models/pseudonymiser';
export * from './read-models/audit-export';
export * from './read-models/report';
export * from './read-models/report-files';
export * from './read-models/report-summary';
