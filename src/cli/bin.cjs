#!/usr/bin/env node
// The `aurora-restore` command (package.json "bin"). The sources are TypeScript and a fresh clone
// has no build step, so this launcher registers tsx (a devDependency, installed by `npm ci`) for
// the rest of the process, then runs the command line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { readFileSync } = require('node:fs');

// `aurora-restore list | head` closes the pipe early: that ends the command, it is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  environment: process.env,
  cwd: process.cwd(),
  readStdin: () => readFileSync(0, 'utf8'),
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

// `import('tsx')` registers tsx for both require and import() (the step registry loads steps with
// import()), as `node --import tsx` would.
import('tsx')
  .then(() => require('./main.ts').runCli(process.argv.slice(2), io))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 5;
    },
  );
