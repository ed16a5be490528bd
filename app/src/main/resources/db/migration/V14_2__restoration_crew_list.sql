-- Crews with sites and skills (issue 14 item 4): the crew list a restoration was started with,
-- as the JSON list [{name, site, skills}] (null: the crews are `crews` interchangeable crews).
ALTER TABLE restoration ADD COLUMN crew_list VARCHAR(1000000);
