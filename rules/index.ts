/** Every rule, in ID order. A test checks that each rules/SYN*.ts file is listed here. */
import type { Rule } from '../src/engine/types.js';
import { SYN101 } from './SYN101.js';
import { SYN102 } from './SYN102.js';
import { SYN103 } from './SYN103.js';
import { SYN105 } from './SYN105.js';
import { SYN106 } from './SYN106.js';
import { SYN201 } from './SYN201.js';
import { SYN202 } from './SYN202.js';
import { SYN203 } from './SYN203.js';
import { SYN204 } from './SYN204.js';
import { SYN205 } from './SYN205.js';
import { SYN206 } from './SYN206.js';
import { SYN207 } from './SYN207.js';
import { SYN208 } from './SYN208.js';
import { SYN301 } from './SYN301.js';
import { SYN302 } from './SYN302.js';
import { SYN303 } from './SYN303.js';
import { SYN304 } from './SYN304.js';
import { SYN305 } from './SYN305.js';
import { SYN306 } from './SYN306.js';
import { SYN401 } from './SYN401.js';
import { SYN402 } from './SYN402.js';
import { SYN403 } from './SYN403.js';
import { SYN404 } from './SYN404.js';
import { SYN501 } from './SYN501.js';
import { SYN502 } from './SYN502.js';
import { SYN601 } from './SYN601.js';
import { SYN602 } from './SYN602.js';

export const RULES: readonly Rule[] = Object.freeze([
  SYN101, SYN102, SYN103, SYN105, SYN106,
  SYN201, SYN202, SYN203, SYN204, SYN205, SYN206, SYN207, SYN208,
  SYN301, SYN302, SYN303, SYN304, SYN305, SYN306,
  SYN401, SYN402, SYN403, SYN404,
  SYN501, SYN502,
  SYN601, SYN602,
]);
