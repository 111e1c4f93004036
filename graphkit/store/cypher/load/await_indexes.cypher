// Wait (up to 300 s) until every index is online, e.g. after the schema created new ones.
CALL db.awaitIndexes(300)
