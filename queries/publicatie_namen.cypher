// The naam of each publication in $ids (for wording sources).
MATCH (p:Publicatie) WHERE p.id IN $ids RETURN p.id AS id, p.naam AS naam
