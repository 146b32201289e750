CREATE TABLE {{tenant}}.a (id int);
