// The names of the constraints in the database, so that the schema sends only what is missing.
SHOW CONSTRAINTS YIELD name
RETURN name
