// stroombalans: explicit knowledge flows (KENNISSTROOM) per actor, by direction.
MATCH (a:Knoop)-[k:KENNISSTROOM]->(b:Knoop)
RETURN a.id AS van, a.naam AS van_naam, a.niveau AS van_niveau,
       b.id AS naar, b.naam AS naar_naam, b.niveau AS naar_niveau, k.richting AS richting
