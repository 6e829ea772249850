// bronnen: the sources of a node ($id) or of the relationships $type from $van to $naar.
// $kind is 'node' or 'relatie'; publication names are looked up afterwards.
CALL () {
  MATCH (n:Knoop {id: $id}) WHERE $kind = 'node'
  RETURN n._sources AS sources
  UNION ALL
  MATCH (a:Knoop {id: $van})-[r]->(b:Knoop {id: $naar})
  WHERE $kind = 'relatie' AND type(r) = $type
  RETURN r._sources AS sources
}
RETURN sources
