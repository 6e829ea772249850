// schakelpunten: the local actors of a regio — gemeenten lying in it (through sub-regio's too)
// and lokaal/regionaal actors active in it — and the landelijk actors. The betweenness
// itself runs in networkx on the actor projection (queries/actor_projection.cypher).
MATCH (r:Regio {id: $regio})
OPTIONAL MATCH (g:Gemeente)-[:LIGT_IN*1..4]->(r)
WITH r, collect(DISTINCT g.id) AS gemeenten
OPTIONAL MATCH (a:Knoop)-[:ACTIEF_IN]->(r)
WHERE a.niveau IN ['lokaal', 'regionaal']
WITH gemeenten, collect(DISTINCT a.id) AS actief
CALL () {
  MATCH (n:Knoop)
  WHERE (n:Gemeente OR n:Regio OR n:Werkplaats OR n:Instituut OR n:Programma)
    AND n.niveau IN ['landelijk', 'internationaal']
  RETURN collect(n.id) AS landelijk
}
RETURN gemeenten + [x IN actief WHERE NOT x IN gemeenten] AS lokaal, landelijk
