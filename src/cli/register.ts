/** Every command module registers itself in `commands` when imported here. */
import './syntax-commands.js';
