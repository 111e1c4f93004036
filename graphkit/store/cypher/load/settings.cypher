// The server's memory settings a load's size is weighed against (its heap, the transaction limits).
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'db.memory.transaction.max', 'dbms.memory.transaction.total.max']
RETURN name, value
