import * as pkg from '@healthtrace/server';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/server', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/server');
  });
});
