-- A migration whose first statement succeeds and second fails: the database must end as it was.
CREATE TABLE should_not_survive (id INT PRIMARY KEY);
INSERT INTO table_that_does_not_exist (id) VALUES (1);
