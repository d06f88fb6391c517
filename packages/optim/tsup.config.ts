import { packageBuild } from '../../tsup.shared.ts';

export default packageBuild(['src/index.ts', 'src/testing/index.ts', 'src/testing/vitest.ts']);
