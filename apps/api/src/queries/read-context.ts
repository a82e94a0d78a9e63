import type { CaseStudies } from '@pairtrail/application';
import type { ApiRuntime } from '../runtime';

/** What every read is answered from: the runtime's read models and store, and the case studies told from them. */
export interface ReadContext {
  runtime: ApiRuntime;
  caseStudies: CaseStudies;
}
