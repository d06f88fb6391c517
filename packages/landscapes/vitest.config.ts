import { mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// mathjs takes about a second to import; sharing it across this package's test
// files (they hold no global state) keeps the run to a few seconds.
export default mergeConfig(shared, { test: { isolate: false } });
