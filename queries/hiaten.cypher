// hiaten: the facts the gap analysis needs besides the actor projection — who treats which
// theme, who published what, the phases and who contributes to them.
CALL () { MATCH (s:Knoop)-[:BEHANDELT]->(t:Thema)
       RETURN collect({start: s.id, label: [l IN labels(s) WHERE l <> 'Knoop'][0], niveau: s.niveau,
                       thema: t.id}) AS behandelt }
CALL () { MATCH (p:Publicatie)-[:UITGEGEVEN_DOOR]->(i:Instituut)
       RETURN collect({publicatie: p.id, instituut: i.id}) AS uitgegeven }
CALL () { MATCH (t:Thema) RETURN collect({id: t.id, naam: t.naam}) AS themas }
CALL () { MATCH (f:Fase) RETURN collect({id: f.id, naam: f.naam, volgorde: f.volgorde}) AS fases }
CALL () { OPTIONAL MATCH (a:Knoop)-[:DRAAGT_BIJ_AAN]->(f:Fase)
       RETURN [x IN collect({actor: a.id, fase: f.id}) WHERE x.actor IS NOT NULL] AS draagt }
RETURN behandelt, uitgegeven, themas, fases, draagt
