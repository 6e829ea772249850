// regio-overlap: the profile of each regio — its gemeenten (LIGT_IN, through sub-regio's),
// the actors active in it, the actors tied to those (any knowledge tie), and the themes its
// own actors treat. Jaccard and the shared sets are computed from these profiles.
UNWIND $regios AS rid
MATCH (r:Regio {id: rid})
CALL (r) {
  OPTIONAL MATCH (g:Gemeente)-[:LIGT_IN*1..4]->(r)
  RETURN collect(DISTINCT {id: g.id, naam: g.naam}) AS gemeenten }
CALL (r) {
  OPTIONAL MATCH (a:Knoop)-[:ACTIEF_IN]->(r)
  RETURN collect(DISTINCT {id: a.id, naam: a.naam}) AS actief }
WITH r, gemeenten, actief, [x IN gemeenten + actief | x.id] + [r.id] AS own
CALL (own) {
  MATCH (o:Knoop)-[k]-(x:Knoop)
  WHERE o.id IN own AND NOT type(k) IN ['LIGT_IN', 'ACTIEF_IN']
    AND (x:Gemeente OR x:Regio OR x:Werkplaats OR x:Instituut OR x:Programma)
  RETURN collect(DISTINCT {id: x.id, naam: x.naam}) AS verbonden }
CALL (own) {
  MATCH (o:Knoop)-[:BEHANDELT]->(t:Thema)
  WHERE o.id IN own
  RETURN collect(DISTINCT {id: t.id, naam: t.naam}) AS themas }
RETURN r.id AS regio, r.naam AS naam, r.soort AS soort,
       [x IN gemeenten WHERE x.id IS NOT NULL] AS gemeenten,
       [x IN actief WHERE x.id IS NOT NULL] AS actief, verbonden, themas
