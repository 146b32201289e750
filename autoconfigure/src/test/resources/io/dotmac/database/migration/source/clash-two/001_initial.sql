CREATE TABLE {{tables.two_things}} (id int);
