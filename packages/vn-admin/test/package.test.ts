import * as pkg from '@healthtrace/vn-admin';
import { describe, expect, it } from 'vitest';

describe('@healthtrace/vn-admin', () => {
  it('resolves to its sources through the @healthtrace/source condition', () => {
    expect(pkg.PACKAGE_NAME).toBe('@healthtrace/vn-admin');
  });
});
