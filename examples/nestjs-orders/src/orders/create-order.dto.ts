import { BadRequestException } from '@nestjs/common';

/** Body of `POST /orders`. */
export interface CreateOrderDto {
  item: string;
  quantity: number;
  note?: string;
}

/**
 * Checks the request body by hand, to keep the example free of class-validator.
 *
 * @throws {BadRequestException} naming the invalid field.
 */
export function parseCreateOrder(body: unknown): CreateOrderDto {
  const { item, quantity, note } = (body ?? {}) as Record<string, unknown>;
  if (typeof item !== 'string' || item.trim() === '') {
    throw new BadRequestException('Invalid item: pass a non-empty string.');
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    throw new BadRequestException('Invalid quantity: pass a positive integer.');
  }
  if (note !== undefined && typeof note !== 'string') {
    throw new BadRequestException('Invalid note: pass a string or leave it out.');
  }

  return { item, quantity, ...(note === undefined ? {} : { note }) };
}
