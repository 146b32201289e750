CREATE TABLE {{tables.gadgets}} (
    id bigint PRIMARY KEY,
    label varchar(255)
);
