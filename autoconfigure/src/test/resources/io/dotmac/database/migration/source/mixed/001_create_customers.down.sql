DROP TABLE {{tables.customers}};
