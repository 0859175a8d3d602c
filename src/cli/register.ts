/** Every command module registers itself in `commands` when imported here. */
import { keysCommand } from '../config/keys-command.js';
import { commands } from './commands.js';
import './syntax-commands.js';

commands['keys'] = keysCommand;
