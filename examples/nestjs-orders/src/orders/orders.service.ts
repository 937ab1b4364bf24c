import { Injectable } from '@nestjs/common';
import type { CreateOrderDto } from './create-order.dto';
import type { Order } from './order';

/** Keeps orders in memory: enough for an example. */
@Injectable()
export class OrdersService {
  readonly #orders: Order[] = [];

  /** Stores a new order and returns it with its ID. */
  create(dto: CreateOrderDto): Order {
    const order: Order = {
      id: this.#orders.length + 1,
      item: dto.item,
      quantity: dto.quantity,
      note: dto.note ?? '',
      createdAt: new Date().toISOString(),
    };
    this.#orders.push(order);

    return order;
  }

  /** Returns every order, oldest first. */
  findAll(): Order[] {
    return [...this.#orders];
  }
}
