import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AutobahnPushModule } from '@autobahnpush/nestjs';
import { HealthModule } from './health/health.module';
import { OrdersModule } from './orders/orders.module';

/**
 * Reads the push endpoint from the environment, or a .env file, through ConfigService.
 * PUSH_URL is required. PUSH_KEY and PUSH_SECRET are for a signed endpoint, and
 * PUSH_DRAIN_TIMEOUT is in milliseconds.
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    AutobahnPushModule.forRootAsync({
      isGlobal: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        url: config.getOrThrow<string>('PUSH_URL'),
        key: config.get<string>('PUSH_KEY'),
        secret: config.get<string>('PUSH_SECRET'),
        drainTimeout: Number(config.get<string>('PUSH_DRAIN_TIMEOUT') ?? 5000),
      }),
    }),
    OrdersModule,
    HealthModule,
  ],
})
export class AppModule {}
