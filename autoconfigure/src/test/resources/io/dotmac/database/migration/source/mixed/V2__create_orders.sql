-- Flyway-style name.
CREATE TABLE {{tables.orders}} (
    id bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES {{tables.customers}} (id),
    total numeric(10, 2) NOT NULL
);
