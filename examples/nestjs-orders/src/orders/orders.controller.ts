import { Body, Controller, Get, Logger, Post } from '@nestjs/common';
import { Push } from '@autobahnpush/nestjs';
import { parseCreateOrder } from './create-order.dto';
import { ORDER_CREATED, type Order, type OrderCreatedEvent } from './order';
import { OrdersService } from './orders.service';

const logger = new Logger('OrdersController');

@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  /**
   * Creates an order. Once the handler has returned, `@Push` sends the order's public
   * fields to every browser subscribed to `com.shop.order_created`, except the one whose
   * WAMP session ID came in the `x-wamp-session-id` header.
   */
  @Post()
  @Push<Order>(ORDER_CREATED, {
    map: (order): OrderCreatedEvent => ({ id: order.id, item: order.item, quantity: order.quantity }),
    onError: (error, { result }) => {
      logger.warn(`Order ${(result as Order).id} was saved, but its ${ORDER_CREATED} push failed: ${String(error)}`);
    },
  })
  create(@Body() body: unknown): Order {
    return this.orders.create(parseCreateOrder(body));
  }

  /** Lists every order. */
  @Get()
  findAll(): Order[] {
    return this.orders.findAll();
  }
}
