--liquibase formatted sql

-- Schema of the entity tests: one table per base class, written as an application would
-- write it, with the partial unique index pattern for soft-deletable tenant data.
-- changelog.yaml puts the tables with a tenant column under tenant isolation.

--changeset entity-tests:1
CREATE TABLE plans (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    name       varchar(255) NOT NULL
);

CREATE TABLE notes (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    deleted_at timestamptz,
    is_active  boolean NOT NULL DEFAULT true,
    body       varchar(255) NOT NULL,
    CONSTRAINT notes_active_check CHECK (is_active = (deleted_at IS NULL))
);

CREATE TABLE comments (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    created_by varchar(255),
    updated_by varchar(255),
    body       varchar(255) NOT NULL
);

CREATE TABLE articles (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    deleted_at timestamptz,
    is_active  boolean NOT NULL DEFAULT true,
    created_by varchar(255),
    updated_by varchar(255),
    title      varchar(255) NOT NULL,
    CONSTRAINT articles_active_check CHECK (is_active = (deleted_at IS NULL))
);

CREATE TABLE settings (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    tenant_id  varchar(48) NOT NULL,
    value      varchar(255) NOT NULL
);
CREATE INDEX settings_tenant_idx ON settings (tenant_id);

CREATE TABLE tickets (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    tenant_id  varchar(48) NOT NULL,
    deleted_at timestamptz,
    is_active  boolean NOT NULL DEFAULT true,
    subject    varchar(255) NOT NULL,
    CONSTRAINT tickets_active_check CHECK (is_active = (deleted_at IS NULL))
);
CREATE INDEX tickets_tenant_idx ON tickets (tenant_id);

CREATE TABLE devices (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    tenant_id  varchar(48) NOT NULL,
    created_by varchar(255),
    updated_by varchar(255),
    serial     varchar(255) NOT NULL
);
CREATE INDEX devices_tenant_idx ON devices (tenant_id);

CREATE TABLE customers (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint NOT NULL,
    tenant_id  varchar(48) NOT NULL,
    deleted_at timestamptz,
    is_active  boolean NOT NULL DEFAULT true,
    created_by varchar(255),
    updated_by varchar(255),
    name       varchar(255) NOT NULL,
    email      varchar(255) NOT NULL,
    CONSTRAINT customers_active_check CHECK (is_active = (deleted_at IS NULL))
);
-- Unique among the tenant's live customers only: a deleted customer's email can be reused.
CREATE UNIQUE INDEX customers_email_live_key ON customers (tenant_id, lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE invoices (
    id           uuid PRIMARY KEY,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint NOT NULL,
    tenant_id    varchar(48) NOT NULL,
    customer_id  uuid NOT NULL REFERENCES customers (id),
    amount_cents bigint NOT NULL
);
CREATE INDEX invoices_tenant_customer_idx ON invoices (tenant_id, customer_id);
