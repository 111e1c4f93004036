// The numbers of the loads still staging: what they wrote is not visible yet, what they replaced
// still is (see `<VISIBLE ...>`). For results of a user's own Cypher, checked in Python.
<STAGING>
RETURN staging
