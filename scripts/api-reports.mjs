/**
 * API reports (API Extractor), one `report.api.md` per published plugin entry point, from the
 * declarations `yarn tsc` writes to dist-types/.
 *
 *   yarn build:api-reports   writes the reports from a clean `tsc` (an incremental one can order the
 *                            members of inferred types differently from CI's clean build); findings
 *                            show in them as warnings
 *   yarn check:api-reports   fails when a report is out of date or lists a finding
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ci = process.argv.includes('--ci');

/** Each entry point: its package folder, the source it exports, and its report's name. */
const ENTRY_POINTS = [
  ['plugins/syntho-ray-common', 'src/index.ts', 'report.api.md'],
  [
    'plugins/scaffolder-backend-module-syntho-ray',
    'src/index.ts',
    'report.api.md',
  ],
  ['plugins/syntho-ray-backend', 'src/index.ts', 'report.api.md'],
  ['plugins/syntho-ray', 'src/index.ts', 'report.api.md'],
  ['plugins/syntho-ray', 'src/legacy.ts', 'report-legacy.api.md'],
];

const tempFolder = mkdtempSync(join(tmpdir(), 'api-reports-'));
const failures = [];
try {
  for (const [packageFolder, source, reportFileName] of ENTRY_POINTS) {
    const packageDir = join(root, packageFolder);
    const entryPoint = join(
      root,
      'dist-types',
      packageFolder,
      source.replace(/\.ts$/, '.d.ts'),
    );
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: packageDir,
        mainEntryPointFilePath: entryPoint,
        compiler: {
          overrideTsconfig: {
            extends: join(root, 'tsconfig.json'),
            compilerOptions: {
              // Keeps this workspace's other packages behind node_modules/, so that their types are
              // references to those packages, as for any other dependency.
              preserveSymlinks: true,
            },
            files: [entryPoint],
            include: [],
          },
        },
        apiReport: {
          enabled: true,
          reportFolder: packageDir,
          reportFileName,
          reportTempFolder: tempFolder,
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Every finding goes into the report (where review sees it) and fails --ci.
          compilerMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
          },
          extractorMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
            // Fields of exported types are documented where their names do not say enough; the
            // reports still mark each member without a comment as "(undocumented)".
            'ae-undocumented': { logLevel: 'none', addToApiReportFile: false },
            // The common package's `types` point at its sources until it is published (Backstage's
            // layout for workspace packages); it is only referenced here, as any dependency is.
            'ae-wrong-input-file-type': {
              logLevel: 'none',
              addToApiReportFile: false,
            },
          },
          tsdocMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
          },
        },
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: join(packageDir, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: !ci,
      messageCallback: message => {
        // Findings are in the report file; the summary below says which report to read.
        message.handled = true;
      },
    });
    const report = `${packageFolder}/${reportFileName}`;
    // Locally, a changed report is written, which API Extractor itself counts as a warning.
    if (ci && result.apiReportChanged)
      failures.push(`${report} is out of date`);
    else if (ci && result.errorCount + result.warningCount > 0)
      failures.push(`${report} lists warnings`);
    console.log(
      `${report}: ${result.apiReportChanged ? 'changed' : 'unchanged'}`,
    );
  }
} finally {
  rmSync(tempFolder, { recursive: true, force: true });
}
if (failures.length > 0) {
  console.error(
    `${failures.join(
      '\n',
    )}\nRun \`yarn build:api-reports\`, fix what the reports' warnings say, and commit the reports.`,
  );
  process.exit(1);
}
