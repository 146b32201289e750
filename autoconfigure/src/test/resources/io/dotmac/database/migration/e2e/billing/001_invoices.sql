-- Invoices of the tenant (sequential name).
CREATE TABLE {{tables.invoices}} (
    id bigserial PRIMARY KEY,
    number text NOT NULL UNIQUE,
    issued_on date NOT NULL DEFAULT current_date
);
