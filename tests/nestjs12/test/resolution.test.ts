import { createRequire } from 'node:module';
import { ModuleRef, Reflector } from '@nestjs/core';
import { PushInterceptor } from '@autobahnpush/nestjs';
import { describe, expect, it } from 'vitest';
import { PACKED_ESM } from './support/packed-package.js';

describe('installed package', () => {
  it('resolves NestJS 12', () => {
    const requireFromPackage = createRequire(PACKED_ESM);
    const manifest = requireFromPackage('@nestjs/common/package.json') as { version: string };
    const core = requireFromPackage('@nestjs/core/package.json') as { version: string };

    expect(manifest.version).toBe('12.6.3');
    expect(core.version).toBe('12.6.3');
  });

  it('shares the application copy of @nestjs/core', () => {
    expect(Reflect.getMetadata('design:paramtypes', PushInterceptor)).toEqual([Reflector, ModuleRef]);
  });
});
