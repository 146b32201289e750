-- Customers of the tenant: sequential name.
CREATE TABLE {{tables.customers}} (
    id bigserial PRIMARY KEY,
    name text NOT NULL
);
