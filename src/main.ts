#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { analyzeCommand } from './cli/analyze.command.js';
import { serveCommand } from './cli/serve.command.js';
import { submitCommand } from './cli/submit.command.js';
import { sweepCommand } from './cli/sweep.command.js';
import { tokenCommand } from './cli/token.command.js';
import { ConfigError } from './config/load-config.js';

const USAGE = `Usage: serenya <command> [options]

Commands:
  serve                                 API and workers in one process (what npm start runs)
  api                                   HTTP API only (scaled mode: SERENYA_QUEUE=redis)
  worker                                processing only, with health and metrics on PORT
  analyze <file> [--format json|text]   run the whole pipeline locally and print the result
  submit <file> --url U --token T       upload to a running service, follow it, print, acknowledge
  token --sub ID [--ttl SECONDS]        print a token signed with SERENYA_JWT_SECRET
  sweep                                 delete temporary files older than SERENYA_TTL_SECONDS

Configuration is read from the environment; see the README.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help === true || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  switch (command) {
    case 'serve':
      return serveCommand(process.env, 'all');
    case 'api':
      return serveCommand(process.env, 'api');
    case 'worker':
      return serveCommand(process.env, 'worker');
    case 'analyze':
      return analyzeCommand(process.env, rest[0], values.format);
    case 'submit':
      return submitCommand(rest[0], values.url, values.token);
    case 'token':
      return tokenCommand(process.env, values.sub, values.ttl);
    case 'sweep':
      return sweepCommand(process.env);
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 78; // EX_CONFIG
      return;
    }
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`serenya: ${error instanceof Error ? error.name : 'error'}\n`);
    process.exitCode = 1;
  },
);
