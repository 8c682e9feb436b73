import * as pkg from '@healthtrace/sim';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/sim', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/sim');
  });
});
