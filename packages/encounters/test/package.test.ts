import * as pkg from '@healthtrace/encounters';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/encounters', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/encounters');
  });
});
