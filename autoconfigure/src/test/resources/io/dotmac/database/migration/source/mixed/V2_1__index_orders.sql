CREATE INDEX orders_customer_idx ON {{tables.orders}} (customer_id);
