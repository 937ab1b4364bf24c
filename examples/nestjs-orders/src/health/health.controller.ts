import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { AutobahnPushHealthIndicator } from '@autobahnpush/nestjs';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly push: AutobahnPushHealthIndicator,
  ) {}

  /** Returns status 200 while the push endpoint responds to OPTIONS with 2xx, and 503 otherwise. */
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.push.isHealthy('push', { timeout: 1000 })]);
  }
}
