import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

import { Policy, POLICY_KEY } from '../../src/common/auth/policy';

export interface DiscoveredRoute {
  /** « GET /api/regions/:code » */
  key: string;
  method: string;
  path: string;
  policy: Policy | undefined;
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/')}`;
}

/** Every route of the application, read from Nest's module container (the route table Nest itself builds). */
export function discoverRoutes(app: NestExpressApplication, prefix = 'api'): DiscoveredRoute[] {
  const routes: DiscoveredRoute[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const controllerPaths = ([] as string[]).concat((Reflect.getMetadata(PATH_METADATA, controller) as string | string[]) ?? '');
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const handlerPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || handlerPaths === undefined) continue;
        const policy =
          (Reflect.getMetadata(POLICY_KEY, handler) as Policy | undefined) ?? (Reflect.getMetadata(POLICY_KEY, controller) as Policy | undefined);
        for (const controllerPath of controllerPaths) {
          for (const handlerPath of ([] as string[]).concat(handlerPaths)) {
            const path = joinPath(prefix, controllerPath, handlerPath);
            const verb = RequestMethod[method];
            routes.push({ key: `${verb} ${path}`, method: verb, path, policy });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}
