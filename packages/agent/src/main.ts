import { isVerityError } from '@verity/core';
import { processContext } from './cli/agent-context.js';
import { buildProgram } from './cli/program.js';
import { createLogger } from './log/logger.js';

// Entry point of bin/verity-agent.mjs. Errors end as one JSON log line plus a short
// human sentence; usage errors (4xx) exit 2, everything else 1.
const program = buildProgram(processContext, (code) => {
  process.exitCode = code;
});
try {
  await program.parseAsync(process.argv);
} catch (error) {
  const logger = createLogger();
  if (isVerityError(error)) {
    logger.error(error.message, { code: error.code, details: error.details });
    process.stderr.write(`verity-agent: ${error.message}\n`);
    process.exitCode = error.status >= 400 && error.status < 500 ? 2 : 1;
  } else {
    logger.error('unexpected failure', { error: String((error as Error)?.stack ?? error).slice(0, 2000) });
    process.exitCode = 1;
  }
}
