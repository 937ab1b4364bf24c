import { randomWampId } from '../ids.js';
import type { WampSession } from './session.js';

/** A procedure registered by one callee session, as REGISTERED reports it. */
export interface Registration {
  readonly id: number;
  readonly procedure: string;
  readonly callee: WampSession;
}

/**
 * The dealer's registrations, looked up by procedure and by ID. Each
 * procedure has at most one callee, because the dealer supports only the
 * basic profile's single registration.
 */
export class RegistrationRegistry {
  private readonly byProcedure = new Map<string, Registration>();
  private readonly byId = new Map<number, Registration>();

  /** Returns the registration of `procedure`, or `undefined` when no callee registered it. */
  get(procedure: string): Registration | undefined {
    return this.byProcedure.get(procedure);
  }

  /** Registers `procedure` for `callee`. The caller checks first that the procedure is free. */
  add(callee: WampSession, procedure: string): Registration {
    let id = randomWampId();
    while (this.byId.has(id)) id = randomWampId();

    const registration: Registration = { id, procedure, callee };
    this.byProcedure.set(procedure, registration);
    this.byId.set(id, registration);

    return registration;
  }

  /** Removes registration `id` of `callee`. Returns `false` when `callee` has no registration with that ID. */
  remove(callee: WampSession, id: number): boolean {
    const registration = this.byId.get(id);
    if (registration === undefined || registration.callee !== callee) return false;

    this.byId.delete(id);
    this.byProcedure.delete(registration.procedure);

    return true;
  }

  /** Removes every registration of `callee`, for a session that left. */
  removeSession(callee: WampSession): void {
    for (const registration of [...this.byId.values()]) {
      if (registration.callee === callee) this.remove(callee, registration.id);
    }
  }
}
