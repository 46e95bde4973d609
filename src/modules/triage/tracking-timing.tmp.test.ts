import { it } from 'vitest';
import { findTrackingNumbers } from './tracking-numbers.js';
it('timing', () => {
  const out: string[] = [];
  for (const unit of ['9400 1000 0000 0000 0000 07 ', 'EA 123 456 785 US ', '1 ', '9400 ', 'FedEx tracking 7905 3531 2317 ', 'AB12 ', '123-']) {
    const text = unit.repeat(Math.ceil(500_000 / unit.length)).slice(0, 500_000);
    const times: string[] = [];
    for (let k = 0; k < 4; k++) { const t = performance.now(); findTrackingNumbers(text); times.push((performance.now() - t).toFixed(0)); }
    out.push(`${JSON.stringify(unit)} ${times.join(' ')}`);
  }
  console.log(out.join('\n'));
});
