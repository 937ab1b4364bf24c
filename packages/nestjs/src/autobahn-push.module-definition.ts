import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import type {
  AutobahnPushModuleExtras,
  AutobahnPushModuleOptions,
} from './autobahn-push-options.interface.js';
import { AUTOBAHN_PUSH_MODULE_OPTIONS } from './autobahn-push.constants.js';
import { AutobahnPushHealthIndicator } from './autobahn-push.health.js';
import { AutobahnPushService } from './autobahn-push.service.js';
import { getAutobahnPushToken } from './get-autobahn-push-token.js';
import { normalizeClientName, normalizeModuleOptions } from './normalize-module-options.js';

export const { ConfigurableModuleClass: ConfigurableAutobahnPushModule } =
  new ConfigurableModuleBuilder<AutobahnPushModuleOptions>({
    optionsInjectionToken: AUTOBAHN_PUSH_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createAutobahnPushOptions')
    .setExtras<AutobahnPushModuleExtras>({ isGlobal: false, name: undefined }, addServiceProviders)
    .build();

// Each registration provides its service under a token derived from its name, so one
// application can register several clients side by side.
function addServiceProviders(
  definition: DynamicModule,
  extras: AutobahnPushModuleExtras,
): DynamicModule {
  const name = normalizeClientName(extras.name);
  const token = getAutobahnPushToken(name);

  return {
    ...definition,
    global: extras.isGlobal === true,
    providers: [
      ...(definition.providers ?? []),
      {
        provide: token,
        useFactory: (options: unknown) =>
          new AutobahnPushService(normalizeModuleOptions(options, name), name),
        inject: [AUTOBAHN_PUSH_MODULE_OPTIONS],
      },
      AutobahnPushHealthIndicator,
    ],
    exports: [token, AutobahnPushHealthIndicator],
  };
}
