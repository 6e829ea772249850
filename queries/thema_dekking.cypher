// thema-dekking: institutes covering a theme, directly or through a publication they
// published, or a werkplaats / programma they take part in, support or work with.
MATCH (t:Thema {id: $thema})
CALL (t) {
  MATCH (i:Instituut)-[r:BEHANDELT]->(t)
  RETURN i, 'direct' AS route, null AS via, [r] AS rels
  UNION
  MATCH (i:Instituut)<-[u:UITGEGEVEN_DOOR]-(p:Publicatie)-[r:BEHANDELT]->(t)
  RETURN i, 'publicatie' AS route, p AS via, [u, r] AS rels
  UNION
  MATCH (i:Instituut)-[u:NEEMT_DEEL_AAN|ONDERSTEUNT|WERKT_SAMEN_MET]-(w:Werkplaats)-[r:BEHANDELT]->(t)
  RETURN i, 'werkplaats' AS route, w AS via, [u, r] AS rels
  UNION
  MATCH (i:Instituut)-[u:NEEMT_DEEL_AAN|ONDERSTEUNT|WERKT_SAMEN_MET]-(g:Programma)-[r:BEHANDELT]->(t)
  RETURN i, 'programma' AS route, g AS via, [u, r] AS rels
}
RETURN i.id AS instituut, i.naam AS naam, i.niveau AS niveau, route,
       via.id AS via, via.naam AS via_naam, t.naam AS thema_naam,
       [x IN rels | {type: type(x), from: startNode(x).id, to: endNode(x).id, sources: x._sources}] AS rels
