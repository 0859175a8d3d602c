/**
 * Every command of `bin/edigw`. The light ones register themselves when imported here; `convert`
 * (the mapping engine) and `start` (the whole service) are described here and load their modules
 * only when run, so `edigw validate` does not pay for them at start-up.
 */
import { keysCommand } from '../config/keys-command.js';
import { commands, type Command } from './commands.js';
import './syntax-commands.js';

commands['keys'] = keysCommand;

commands['convert'] = {
  summary: 'convert between EDIFACT, customs XML and canonical JSON through the canonical document (--to json|xml|edifact)',
  async run(argv) {
    const { runConvert } = await import('./convert-command.js');
    return runConvert(argv);
  },
} satisfies Command;

commands['start'] = {
  summary: 'run the gateway: HTTP API, queue workers and SFTP server (--role all|api|worker)',
  async run(argv) {
    const { runStart } = await import('./start-command.js');
    return runStart(argv);
  },
} satisfies Command;

commands['purge'] = {
  summary: 'remove old payloads under the retention policy, keeping every record (--older-than DAYS, --dry-run)',
  async run(argv) {
    const { runPurge } = await import('./purge-command.js');
    return runPurge(argv);
  },
} satisfies Command;
