import { ensureCharts } from './charts';
import { repoRoot } from './portal';

// Prints the charts folder for ./scripts/test.sh, fetching the pinned charts first when needed; on
// failure, the one line that says what to provide.
ensureCharts(repoRoot).then(
  dir => process.stdout.write(`${dir}\n`),
  error => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  },
);
