CREATE TABLE {{tables.one_things}} (id int);
