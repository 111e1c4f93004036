// The loads as a statement finds them when it starts (`STAGING_CYPHER`: minus one minus the highest
// load number, then the numbers of the loads still staging): what those wrote, or loads opened
// since, is not visible yet, what they replaced still is (see `<VISIBLE ...>`). For results of a
// user's own Cypher, checked in Python (`read.visible`).
<STAGING>
RETURN staging
