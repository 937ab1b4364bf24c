/** An order as the shop stores and returns it. */
export interface Order {
  id: number;
  item: string;
  quantity: number;
  /** Internal remark: returned to the caller, never pushed to browsers. */
  note: string;
  createdAt: string;
}

/** The event that browsers subscribed to `com.shop.order_created` receive as `args[0]`. */
export interface OrderCreatedEvent {
  id: number;
  item: string;
  quantity: number;
}

/** Topic of the event pushed for every new order. */
export const ORDER_CREATED = 'com.shop.order_created';
