"""Graph model, the GraphStore interface and its two stores (networkx, Neo4j)."""
