/** Every rule, in ID order. A test checks that each rules/SYN*.ts file is listed here. */
import type { Rule } from '../src/engine/types.js';
import { SYN101 } from './SYN101.js';
import { SYN102 } from './SYN102.js';
import { SYN103 } from './SYN103.js';
import { SYN106 } from './SYN106.js';
import { SYN201 } from './SYN201.js';
import { SYN202 } from './SYN202.js';
import { SYN203 } from './SYN203.js';
import { SYN204 } from './SYN204.js';
import { SYN205 } from './SYN205.js';
import { SYN206 } from './SYN206.js';
import { SYN207 } from './SYN207.js';
import { SYN208 } from './SYN208.js';

export const RULES: readonly Rule[] = Object.freeze([SYN101, SYN102, SYN103, SYN106, SYN201, SYN202, SYN203, SYN204, SYN205, SYN206, SYN207, SYN208]);
