'use strict';
/*
 * Builds dist/syntho-ray.cjs.js, what bin/syntho-ray runs: src/cli/main.ts and everything it imports
 * (the library, zod, yaml) bundled into one minified CommonJS file by esbuild. One file, and the ES
 * module builds of zod and yaml with what the CLI never reaches left out, start faster than
 * `backstage-cli package build`'s one file per module: a `validate` process takes about two thirds
 * of the time (yarn bench:render). Runs from `prepack`, and from the bin in this workspace when the
 * file is missing or older than src/.
 */
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const outfile = join(root, 'dist', 'syntho-ray.cjs.js');

function buildCli() {
  const { outputFiles } = require('esbuild').buildSync({
    absWorkingDir: root,
    entryPoints: ['src/cli/main.ts'],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // The ES module builds of zod and yaml, which esbuild can trim to what the CLI uses.
    mainFields: ['module', 'main'],
    conditions: ['import'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'warning',
    write: false,
  });
  mkdirSync(join(root, 'dist'), { recursive: true });
  // Written beside and renamed, so that a CLI starting meanwhile never reads half a file.
  const partial = `${outfile}.${process.pid}.partial`;
  writeFileSync(partial, outputFiles[0].contents);
  renameSync(partial, outfile);
  return outfile;
}

module.exports = { buildCli, outfile };

if (require.main === module) buildCli();
