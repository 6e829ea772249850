// kennisstroom: the lemniscaat phases the actors on a path contribute to. The paths
// themselves are found by networkx on the actor projection (queries/actor_projection.cypher).
MATCH (a:Knoop)-[:DRAAGT_BIJ_AAN]->(f:Fase)
WHERE a.id IN $ids
RETURN a.id AS actor, f.id AS fase, f.naam AS naam, f.volgorde AS volgorde
