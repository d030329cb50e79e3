// Sums jest --json result files into one line per suite and the final `tests: N passed, M failed`.
// Skipped or todo tests count as failures: a test left skipped proves nothing. A suite whose
// results file is missing (jest crashed) counts as one failure.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
for (const arg of process.argv.slice(2)) {
  const [suite, file] = arg.split('=');
  let line;
  if (!fs.existsSync(file)) {
    failed += 1;
    line = `${suite}: no results (the run crashed before reporting)`;
  } else {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    const broken = r.numRuntimeErrorTestSuites ?? 0;
    passed += r.numPassedTests;
    failed += r.numFailedTests + skipped + broken;
    const notes = [];
    if (skipped) notes.push(`${skipped} skipped (counted as failed)`);
    if (broken) notes.push(`${broken} test files failed to run`);
    line = `${suite}: ${r.numPassedTests} passed, ${r.numFailedTests} failed${
      notes.length ? `, ${notes.join(', ')}` : ''
    } (${r.numTotalTestSuites} files)`;
    for (const result of r.testResults ?? []) {
      for (const a of result.assertionResults ?? []) {
        if (a.status === 'failed')
          console.log(`  FAILED ${suite}: ${a.fullName}`);
        if (a.status === 'pending' || a.status === 'todo')
          console.log(`  SKIPPED ${suite}: ${a.fullName}`);
      }
      if (
        result.status === 'failed' &&
        !(result.assertionResults ?? []).length
      ) {
        console.log(
          `  FAILED ${suite}: ${result.name}: ${String(result.message)
            .split('\n')
            .slice(0, 3)
            .join(' ')}`,
        );
      }
    }
  }
  console.log(line);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
