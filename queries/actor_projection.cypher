// The actor projection: actor nodes and the relationships between them.
// Used by schakelpunten and kennisstroom (graph algorithms run in networkx on this).
MATCH (n:Knoop)
WHERE n:Gemeente OR n:Regio OR n:Werkplaats OR n:Instituut OR n:Programma
WITH collect(n) AS actors
UNWIND actors AS a
MATCH (a)-[r]->(b)
WHERE b:Gemeente OR b:Regio OR b:Werkplaats OR b:Instituut OR b:Programma
RETURN a.id AS start, b.id AS end, type(r) AS type, r.richting AS richting
